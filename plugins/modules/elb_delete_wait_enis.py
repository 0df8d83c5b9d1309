#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elb_delete_wait_enis
short_description: Delete load balancers and wait until their network interfaces are gone
version_added: 0.1.0
description:
  - Deletes classic, application, network and gateway load balancers by name, then waits
    until every network interface (ENI) that AWS created for them has disappeared.
  - A load balancer vanishes from its API at once, but AWS removes its ENIs in the
    background, sometimes over many minutes. Until then, deleting its subnets or
    security groups fails with C(DependencyViolation). Once this module returns, those
    deletions succeed as far as these load balancers are concerned.
  - The ENIs are recognised by the exact descriptions AWS gives them. These are
    C(ELB <name>) for a classic load balancer, and C(ELB app/<name>/<id>),
    C(ELB net/<name>/<id>) or C(ELB gwy/<name>/<id>) for the others, where C(<id>) is the
    last part of the ARN. A load balancer named C(web-2) never matches C(web).
  - ENIs are waited for whether they are attached or detached in status C(available).
  - A load balancer that is already gone but whose ENIs remain is waited for as well,
    so running the task again after a timeout resumes the wait.
  - All ENIs are polled together, with one C(DescribeNetworkInterfaces) call per round
    (one per 200 descriptions), and the delay between rounds grows from 1 to 2 seconds.
    Throttling counts as "not done yet".
author:
  - racefree.ops contributors (!UNKNOWN)
options:
  name:
    description:
      - Name of the load balancer to delete.
      - Exactly one of O(name) and O(names) is required.
      - An ARN is rejected. Give the name, which is the part after C(loadbalancer/app/) in an ARN.
    type: str
  names:
    description:
      - Names of the load balancers to delete. All are deleted first, then their ENIs
        are waited for together under one O(wait_timeout).
      - Exactly one of O(name) and O(names) is required.
    type: list
    elements: str
  type:
    description:
      - Type of the load balancers.
      - V(auto) looks each name up in both the classic and the elbv2 API. It fails when
        a name exists in both, so that the choice is explicit.
      - With any other value, a name that exists only as another type is an error.
    type: str
    choices: [auto, classic, application, network, gateway]
    default: auto
  wait_timeout:
    description:
      - Maximum time in seconds to wait, counted from the first change.
      - When ENIs remain after this time, the task fails. Its message and
        RV(network_interfaces) list each remaining ENI with its description, status and
        subnet. The load balancers stay deleted. Run the task again to keep waiting.
    type: int
    default: 600
  disable_deletion_protection:
    description:
      - Turn off deletion protection of application, network and gateway load balancers
        that have it, then delete them.
      - When V(false) and a named load balancer has deletion protection, the task fails
        before deleting anything and names the protected load balancers.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    details:
      - Reports the load balancers that would be deleted and the ENIs that exist now. Waits for nothing.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - A run that only waits for ENIs of load balancers deleted earlier reports no change.
notes:
  - For C(module_defaults), use the action group C(group/racefree.ops.aws), which contains this
    module and extends C(amazon.aws.aws). ansible-core resolves C(group/aws) to the group of
    C(ansible.builtin), which reaches amazon.aws modules but not this one.
  - Only ENIs that AWS load balancers create are waited for. ENIs of other services, such
    as Lambda (C(AWS Lambda VPC ENI-...)), can still block a subnet or security group for
    a long time. The M(amazon.aws.ec2_eni_info) module lists them, and the
    C(racefree.ops.lb_teardown) role checks for them before deleting subnets and groups.
  - ENIs that are not requester-managed are ignored, even when their description looks
    like a load balancer's.
  - A name that matches no load balancer and no remaining ENI is not an error. The task
    reports no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - racefree.ops.attributes
"""

EXAMPLES = r"""
- name: Delete an application load balancer and wait for its ENIs
  racefree.ops.elb_delete_wait_enis:
    name: web
    type: application

- name: Delete several load balancers, then remove their security group
  block:
    - name: Delete the load balancers and wait for all their ENIs
      racefree.ops.elb_delete_wait_enis:
        names: [web, api-internal, legacy-classic]
        wait_timeout: 1800

    - name: Delete the load balancers' security group
      amazon.aws.ec2_security_group:
        group_id: sg-0123456789abcdef0
        state: absent

- name: Delete a load balancer that has deletion protection turned on
  racefree.ops.elb_delete_wait_enis:
    name: payments
    disable_deletion_protection: true
"""

RETURN = r"""
load_balancers:
  description:
    - The load balancers deleted by this run, or in check mode those that would be deleted.
    - Empty when none of the names exists.
  returned: always
  type: list
  elements: dict
  contains:
    load_balancer_name:
      description: Name of the load balancer.
      type: str
      sample: web
    load_balancer_arn:
      description: ARN of the load balancer.
      returned: for application, network and gateway load balancers
      type: str
      sample: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188
    type:
      description: Type of the load balancer.
      type: str
      sample: application
    vpc_id:
      description: VPC of the load balancer.
      type: str
      sample: vpc-0123456789abcdef0
    subnet_ids:
      description: Subnets of the load balancer.
      type: list
      elements: str
      sample: [subnet-0123456789abcdef0]
    security_group_ids:
      description: Security groups of the load balancer.
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    deletion_protection:
      description: Whether deletion protection was on before this run.
      type: bool
      sample: false
    eni_description:
      description: The description that AWS gives the network interfaces of this load balancer.
      type: str
      sample: ELB app/web/50dc6c495c0c9188
network_interfaces:
  description:
    - The ENIs waited for, as they were before the wait.
    - When the task fails on O(wait_timeout), the ENIs still present at the end.
  returned: always
  type: list
  elements: dict
  contains:
    network_interface_id:
      description: ID of the ENI.
      type: str
      sample: eni-0123456789abcdef0
    description:
      description: Description of the ENI.
      type: str
      sample: ELB app/web/50dc6c495c0c9188
    status:
      description: Status of the ENI, C(in-use) while attached or C(available) when detached.
      type: str
      sample: in-use
    attachment_status:
      description: Status of the attachment, or null when the ENI is detached.
      type: str
      sample: attached
    subnet_id:
      description: Subnet of the ENI.
      type: str
      sample: subnet-0123456789abcdef0
    vpc_id:
      description: VPC of the ENI.
      type: str
      sample: vpc-0123456789abcdef0
    availability_zone:
      description: Availability zone of the ENI.
      type: str
      sample: us-east-1a
    interface_type:
      description: Type of the ENI as EC2 reports it.
      type: str
      sample: interface
    requester_id:
      description: The service that created the ENI.
      type: str
      sample: amazon-elb
    security_group_ids:
      description: Security groups of the ENI.
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
wait:
  description: How long the module waited for the ENIs.
  returned: always
  type: dict
  contains:
    seconds:
      description: Time in seconds from the start of the wait, right after the deletions, to its end. 0 when nothing was waited for.
      type: float
      sample: 94.2
    rounds:
      description: Number of poll rounds. One round is one C(DescribeNetworkInterfaces) call per 200 descriptions.
      type: int
      sample: 9
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import ElbClients
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import ElbDeleteError
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import apply_plan
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import build_plan

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    names=dict(type="list", elements="str"),
    type=dict(type="str", default="auto", choices=["auto", "classic", "application", "network", "gateway"]),
    wait_timeout=dict(type="int", default=600),
    disable_deletion_protection=dict(type="bool", default=False),
)


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("name", "names")],
        required_one_of=[("name", "names")],
        supports_check_mode=True,
    )
    params = module.params
    names = [params["name"]] if params["name"] is not None else params["names"]
    if params["wait_timeout"] < 0:
        module.fail_json(msg=f"wait_timeout {params['wait_timeout']} is negative; give the maximum wait in seconds, 0 or more.")
    retrying = AWSRetry.jittered_backoff()
    clients = ElbClients(
        elb=module.client("elb", retry_decorator=retrying),
        elbv2=module.client("elbv2", retry_decorator=retrying),
        ec2=module.client("ec2", retry_decorator=retrying),
    )

    try:
        plan = build_plan(clients, names, params["type"], params["disable_deletion_protection"])
        result = plan.result() if module.check_mode else apply_plan(clients, plan, params["wait_timeout"])
    except ElbDeleteError as error:
        if error.exception is not None:
            module.fail_json_aws(error.exception, msg=error.message, **error.kwargs)
        module.fail_json(msg=error.message, **error.kwargs)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
