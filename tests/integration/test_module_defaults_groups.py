"""What ``module_defaults`` for ``group/aws`` and ``group/racefree.ops.aws`` reach.

ansible-core resolves the short name ``group/aws`` to ansible.builtin's group, which
extends amazon.aws.aws and community.aws.aws only, so it reaches amazon.aws modules but
not this collection's. ``group/racefree.ops.aws`` (meta/runtime.yml) extends
amazon.aws.aws, so it reaches both.

AWS_ENDPOINT_URL and the region are unset, so only module_defaults can point a module
at the simulator. HTTPS_PROXY and HTTP_PROXY name a closed loopback port, so a module that
got no endpoint fails locally instead of reaching AWS.
"""

from tests.integration.ansible_run import run_playbook, task_results
from tests.integration.rds_seeds import single_instance

NO_AWS = {"AWS_ENDPOINT_URL": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
          "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1"}

TASKS = """\
- hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    {group}:
      region: us-east-1
      endpoint_url: {endpoint}
  tasks:
    - name: Read the instance with amazon.aws
      amazon.aws.rds_instance_info:
        db_instance_identifier: foo
      ignore_errors: true
    - name: Plan a restore with racefree.ops
      racefree.ops.rds_restore_in_place:
        db_instance_identifier: foo
        use_latest_restorable_time: true
      check_mode: true
      ignore_errors: true
    - name: Delete load balancers with racefree.ops
      racefree.ops.elb_delete_wait_enis:
        name: no-such-lb
      check_mode: true
      ignore_errors: true
"""


def run_with_group(simulator, tmp_path, group):
    simulator.control("POST", "seed", single_instance("foo"))
    playbook = tmp_path / "site.yml"
    playbook.write_text(TASKS.format(group=group, endpoint=simulator.endpoint_url))
    code, output = run_playbook(simulator, playbook, **NO_AWS)
    assert code == 0, output
    return {
        "amazon.aws": task_results(output, "Read the instance with amazon.aws")[0],
        "rds_restore_in_place": task_results(output, "Plan a restore with racefree.ops")[0],
        "elb_delete_wait_enis": task_results(output, "Delete load balancers with racefree.ops")[0],
    }


def test_group_aws_reaches_amazon_aws_only(simulator, tmp_path):
    results = run_with_group(simulator, tmp_path, "group/aws")

    assert not results["amazon.aws"].get("failed"), results["amazon.aws"]
    assert results["amazon.aws"]["instances"][0]["db_instance_identifier"] == "foo"
    for module in ("rds_restore_in_place", "elb_delete_wait_enis"):
        assert results[module].get("failed") is True, results[module]
        # With AWS_REGION set to "", boto3 builds an endpoint with an empty region.
        assert "Couldn't connect to AWS: Invalid endpoint: https://" in results[module]["msg"], results[module]
        assert "..amazonaws.com" in results[module]["msg"], results[module]


def test_collection_group_reaches_all(simulator, tmp_path):
    results = run_with_group(simulator, tmp_path, "group/racefree.ops.aws")

    for name, result in results.items():
        assert not result.get("failed"), (name, result)
    assert results["amazon.aws"]["instances"][0]["db_instance_identifier"] == "foo"
    assert results["rds_restore_in_place"]["changed"] is True
    assert results["elb_delete_wait_enis"]["changed"] is False
    assert results["elb_delete_wait_enis"]["load_balancers"] == []
