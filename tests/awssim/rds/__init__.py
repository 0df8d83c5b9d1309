"""The simulator's RDS: instances, incarnations, automated backups and snapshots."""
