"""Durations, in seconds, of the simulated AWS behaviours.

The defaults are short enough for tests; ``restore_lag`` keeps the realistic five
minutes by which ``LatestRestorableTime`` trails the present, since that costs nothing.
"""

import dataclasses


@dataclasses.dataclass
class Timings:
    # ModifyDBInstance with a new identifier: the instance keeps status "available"
    # with a pending identifier change, then is "renaming" under its old name.
    rename_accept: float = 0.5
    rename: float = 2.0
    # After the switch the instance shows "renaming" under the new name for a while.
    rename_settle: float = 0.5
    # After the switch the old name is still taken: creating an instance with it
    # fails with DBInstanceAlreadyExists although describing it returns "not found".
    name_release: float = 1.0
    # RestoreDBInstanceToPointInTime and CreateDBInstance: "creating" until available.
    create: float = 2.0
    # ModifyDBInstance without a rename: "modifying" for this long.
    modify: float = 0.0
    # DeleteDBInstance: "deleting" until the instance is gone.
    delete: float = 1.0
    # LatestRestorableTime trails the present by this much.
    restore_lag: float = 300.0
    # A new instance gets its first automated backup this long after it is available.
    first_backup: float = 0.0
    # DeleteLoadBalancer: the load balancer's ENIs stay attached ("in-use") this long.
    elb_eni_attached: float = 1.0
    # Then they stay detached in status "available" this long, and then they are gone.
    elb_eni_available: float = 1.0

    def update(self, values):
        """Set the named durations; an unknown name raises KeyError."""
        names = {field.name for field in dataclasses.fields(self)}
        for name, value in values.items():
            if name not in names:
                raise KeyError(f"unknown timing {name!r}; known: {sorted(names)}")
            setattr(self, name, float(value))

    def as_dict(self):
        return dataclasses.asdict(self)
