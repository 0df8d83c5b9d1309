"""Seeding load balancers and service-managed ENIs (the ``load_balancers`` and
``network_interfaces`` sections of a seed document).

    load_balancers:
      - name: web
        type: application            # classic, application, network or gateway
        subnets: [orders-a, orders-b]   # seeded subnet names, or subnet ids
        security_groups: [web-lb]       # seeded group names, or group ids
        deletion_protection: true       # ALB, NLB and GWLB only
      - name: legacy
        type: classic
        availability_zones: [us-east-1a]   # classic only: the default VPC's subnets
    network_interfaces:
      - name: orders-fn                 # key of the ENI id in the result
        subnet: orders-a
        description: AWS Lambda VPC ENI-orders-fn-3c1e2f4a
        security_groups: [web-lb]
        requester_id: AROAEXAMPLE:orders-fn   # makes the ENI requester-managed
        interface_type: lambda
        status: in-use                  # or available

Load balancers are created through the simulator's own API, so they get their ENIs
exactly as a CreateLoadBalancer call from a client does.
"""

import boto3

from tests.awssim import network_interfaces

CLASSIC_LISTENER = {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}


def _client(simulator, service, region):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=simulator.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _resolve(names, created_ids):
    return [created_ids.get(name, name) for name in names or []]


def seed_load_balancers(simulator, region, specs, created):
    """Create the load balancers in ``specs``; record ARNs (names for classic) by name."""
    created.setdefault("load_balancers", {})
    for spec in specs or []:
        name = spec["name"]
        balancer_type = spec.get("type", "application")
        subnets = _resolve(spec.get("subnets"), created.get("subnets", {}))
        groups = _resolve(spec.get("security_groups"), created.get("security_groups", {}))
        if balancer_type == "classic":
            arguments = {"LoadBalancerName": name, "Listeners": [CLASSIC_LISTENER]}
            if subnets:
                arguments["Subnets"] = subnets
            else:
                arguments["AvailabilityZones"] = spec.get("availability_zones", [f"{region}a"])
            if groups:
                arguments["SecurityGroups"] = groups
            _client(simulator, "elb", region).create_load_balancer(**arguments)
            created["load_balancers"][name] = name
            continue
        elbv2 = _client(simulator, "elbv2", region)
        arguments = {"Name": name, "Type": balancer_type, "Subnets": subnets}
        if groups:
            arguments["SecurityGroups"] = groups
        arn = elbv2.create_load_balancer(**arguments)["LoadBalancers"][0]["LoadBalancerArn"]
        if spec.get("deletion_protection"):
            elbv2.modify_load_balancer_attributes(
                LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
            )
        created["load_balancers"][name] = arn


def seed_network_interfaces(simulator, region, specs, created):
    """Create the ENIs in ``specs``; record their ids by name."""
    created.setdefault("network_interfaces", {})
    ec2 = None
    for index, spec in enumerate(specs or []):
        subnet_id = created.get("subnets", {}).get(spec["subnet"], spec["subnet"])
        groups = _resolve(spec.get("security_groups"), created.get("security_groups", {}))
        description = spec.get("description", "")
        if spec.get("requester_id"):
            interface_id = network_interfaces.add_managed_interface(
                region,
                subnet_id,
                groups,
                description,
                spec["requester_id"],
                spec.get("interface_type", "interface"),
                attached=spec.get("status", "in-use") == "in-use",
            ).id
        else:
            ec2 = ec2 or _client(simulator, "ec2", region)
            arguments = {"SubnetId": subnet_id, "Description": description}
            if groups:
                arguments["Groups"] = groups
            interface_id = ec2.create_network_interface(**arguments)["NetworkInterface"]["NetworkInterfaceId"]
        created["network_interfaces"][spec.get("name", f"eni-{index}")] = interface_id


def apply(simulator, region, document, created):
    seed_load_balancers(simulator, region, document.get("load_balancers"), created)
    seed_network_interfaces(simulator, region, document.get("network_interfaces"), created)
