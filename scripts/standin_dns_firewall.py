"""A stand-in for Route 53 Resolver DNS Firewall on moto's server (moto does not implement it).

Imported by scripts/moto_server.py before the server starts. It adds the DNS Firewall
operations the tool calls to moto's route53resolver handler: domain lists, rule groups, rules,
VPC associations and the firewall config (fail-open). It stores what it is given and returns it,
per account and region, in the shapes of the Route 53 Resolver API reference
(https://docs.aws.amazon.com/Route53/latest/APIReference/Operations_Amazon_Route_53_Resolver.html).

It is a store, never a verdict: it does not filter DNS, it answers every list in one page, and
it checks only what the tool's own code paths need (unknown IDs are ResourceNotFoundException,
deleting an associated rule group is a ConflictException as on AWS). Everything it cannot show
(paging, failures, other accounts' rule groups) is tested with aws-smithy-mocks instead.
"""

import json
import uuid

from moto.core.exceptions import JsonRESTError
from moto.route53resolver.responses import Route53ResolverResponse


class _NotFound(JsonRESTError):
    def __init__(self, what):
        super().__init__("ResourceNotFoundException", f"{what} not found")


class _Conflict(JsonRESTError):
    def __init__(self, message):
        super().__init__("ConflictException", message)


def _store(response):
    backend = response.route53resolver_backend
    if not hasattr(backend, "_dns_firewall"):
        backend._dns_firewall = {"lists": {}, "groups": {}, "assocs": {}, "configs": {}}
    return backend._dns_firewall


def _arn(response, kind, ident):
    return f"arn:aws:route53resolver:{response.region}:{response.current_account}:{kind}/{ident}"


def _get(table, key, what):
    if key not in table:
        raise _NotFound(f"{what} {key}")
    return table[key]


def _page(items, key):
    return json.dumps({key: items})


def create_firewall_domain_list(self):
    ident = "rslvr-fdl-" + uuid.uuid4().hex[:17]
    item = {
        "Id": ident,
        "Arn": _arn(self, "firewall-domain-list", ident),
        "Name": self._get_param("Name"),
        "DomainCount": 0,
        "Status": "COMPLETE",
        "CreatorRequestId": self._get_param("CreatorRequestId"),
        "_domains": [],
        "_tags": self._get_param("Tags", []),
    }
    _store(self)["lists"][ident] = item
    return json.dumps({"FirewallDomainList": _public(item)})


def _public(item):
    return {k: v for k, v in item.items() if not k.startswith("_")}


def update_firewall_domains(self):
    item = _get(_store(self)["lists"], self._get_param("FirewallDomainListId"), "domain list")
    domains = self._get_param("Domains", [])
    operation = self._get_param("Operation")
    if operation == "REPLACE":
        item["_domains"] = list(dict.fromkeys(domains))
    elif operation == "ADD":
        item["_domains"] = list(dict.fromkeys(item["_domains"] + domains))
    else:
        item["_domains"] = [d for d in item["_domains"] if d not in domains]
    item["DomainCount"] = len(item["_domains"])
    return json.dumps({"Id": item["Id"], "Name": item["Name"], "Status": "COMPLETE"})


def list_firewall_domain_lists(self):
    items = [
        {k: i[k] for k in ("Id", "Arn", "Name", "CreatorRequestId")}
        for i in _store(self)["lists"].values()
    ]
    return _page(items, "FirewallDomainLists")


def list_firewall_domains(self):
    item = _get(_store(self)["lists"], self._get_param("FirewallDomainListId"), "domain list")
    return _page(item["_domains"], "Domains")


def delete_firewall_domain_list(self):
    store = _store(self)
    ident = self._get_param("FirewallDomainListId")
    _get(store["lists"], ident, "domain list")
    for group in store["groups"].values():
        if any(r["FirewallDomainListId"] == ident for r in group["_rules"]):
            raise _Conflict(f"domain list {ident} is used by rule group {group['Id']}")
    return json.dumps({"FirewallDomainList": _public(store["lists"].pop(ident))})


def create_firewall_rule_group(self):
    ident = "rslvr-frg-" + uuid.uuid4().hex[:17]
    item = {
        "Id": ident,
        "Arn": _arn(self, "firewall-rule-group", ident),
        "Name": self._get_param("Name"),
        "RuleCount": 0,
        "Status": "COMPLETE",
        "OwnerId": self.current_account,
        "CreatorRequestId": self._get_param("CreatorRequestId"),
        "ShareStatus": "NOT_SHARED",
        "_rules": [],
        "_tags": self._get_param("Tags", []),
    }
    _store(self)["groups"][ident] = item
    return json.dumps({"FirewallRuleGroup": _public(item)})


def list_firewall_rule_groups(self):
    items = [
        {k: g[k] for k in ("Id", "Arn", "Name", "OwnerId", "CreatorRequestId", "ShareStatus")}
        for g in _store(self)["groups"].values()
    ]
    return _page(items, "FirewallRuleGroups")


def delete_firewall_rule_group(self):
    store = _store(self)
    ident = self._get_param("FirewallRuleGroupId")
    _get(store["groups"], ident, "rule group")
    if any(a["FirewallRuleGroupId"] == ident for a in store["assocs"].values()):
        raise _Conflict(f"rule group {ident} is associated with a VPC")
    return json.dumps({"FirewallRuleGroup": _public(store["groups"].pop(ident))})


_RULE_FIELDS = (
    "FirewallDomainListId",
    "Priority",
    "Action",
    "BlockResponse",
    "BlockOverrideDomain",
    "BlockOverrideDnsType",
    "BlockOverrideTtl",
    "Name",
    "FirewallDomainRedirectionAction",
    "Qtype",
)


def create_firewall_rule(self):
    store = _store(self)
    group = _get(store["groups"], self._get_param("FirewallRuleGroupId"), "rule group")
    rule = {"FirewallRuleGroupId": group["Id"]}
    for field in _RULE_FIELDS:
        value = self._get_param(field)
        if value is not None:
            rule[field] = value
    _get(store["lists"], rule["FirewallDomainListId"], "domain list")
    group["_rules"].append(rule)
    group["RuleCount"] = len(group["_rules"])
    return json.dumps({"FirewallRule": rule})


def _rule(self):
    group = _get(_store(self)["groups"], self._get_param("FirewallRuleGroupId"), "rule group")
    list_id = self._get_param("FirewallDomainListId")
    for rule in group["_rules"]:
        if rule["FirewallDomainListId"] == list_id:
            return group, rule
    raise _NotFound(f"rule for domain list {list_id}")


def update_firewall_rule(self):
    _, rule = _rule(self)
    for field in _RULE_FIELDS:
        value = self._get_param(field)
        if value is not None:
            rule[field] = value
    return json.dumps({"FirewallRule": rule})


def delete_firewall_rule(self):
    group, rule = _rule(self)
    group["_rules"].remove(rule)
    group["RuleCount"] = len(group["_rules"])
    return json.dumps({"FirewallRule": rule})


def list_firewall_rules(self):
    group = _get(_store(self)["groups"], self._get_param("FirewallRuleGroupId"), "rule group")
    return _page(sorted(group["_rules"], key=lambda r: r["Priority"]), "FirewallRules")


def associate_firewall_rule_group(self):
    store = _store(self)
    group = _get(store["groups"], self._get_param("FirewallRuleGroupId"), "rule group")
    ident = "rslvr-frgassoc-" + uuid.uuid4().hex[:17]
    item = {
        "Id": ident,
        "Arn": _arn(self, "firewall-rule-group-association", ident),
        "FirewallRuleGroupId": group["Id"],
        "VpcId": self._get_param("VpcId"),
        "Name": self._get_param("Name"),
        "Priority": self._get_param("Priority"),
        "MutationProtection": self._get_param("MutationProtection") or "DISABLED",
        "Status": "COMPLETE",
        "CreatorRequestId": self._get_param("CreatorRequestId"),
    }
    store["assocs"][ident] = item
    return json.dumps({"FirewallRuleGroupAssociation": item})


def list_firewall_rule_group_associations(self):
    vpc = self._get_param("VpcId")
    group = self._get_param("FirewallRuleGroupId")
    items = [
        a
        for a in _store(self)["assocs"].values()
        if (vpc is None or a["VpcId"] == vpc) and (group is None or a["FirewallRuleGroupId"] == group)
    ]
    return _page(items, "FirewallRuleGroupAssociations")


def disassociate_firewall_rule_group(self):
    store = _store(self)
    ident = self._get_param("FirewallRuleGroupAssociationId")
    _get(store["assocs"], ident, "rule group association")
    return json.dumps({"FirewallRuleGroupAssociation": store["assocs"].pop(ident)})


def _config(self, vpc):
    configs = _store(self)["configs"]
    if vpc not in configs:
        # AWS: "By default, fail open is disabled" (UpdateFirewallConfig, FirewallFailOpen).
        configs[vpc] = {
            "Id": "rslvr-fc-" + uuid.uuid4().hex[:17],
            "ResourceId": vpc,
            "OwnerId": self.current_account,
            "FirewallFailOpen": "DISABLED",
        }
    return configs[vpc]


def get_firewall_config(self):
    return json.dumps({"FirewallConfig": _config(self, self._get_param("ResourceId"))})


def update_firewall_config(self):
    config = _config(self, self._get_param("ResourceId"))
    config["FirewallFailOpen"] = self._get_param("FirewallFailOpen")
    return json.dumps({"FirewallConfig": config})


_moto_list_tags = Route53ResolverResponse.list_tags_for_resource


def list_tags_for_resource(self):
    """The tags a firewall resource was created with; moto's own answer for anything else."""
    arn = self._get_param("ResourceArn")
    store = _store(self)
    for item in list(store["lists"].values()) + list(store["groups"].values()):
        if item["Arn"] == arn:
            return json.dumps({"Tags": item["_tags"]})
    return _moto_list_tags(self)


for _f in (
    list_tags_for_resource,
    create_firewall_domain_list,
    update_firewall_domains,
    list_firewall_domain_lists,
    list_firewall_domains,
    delete_firewall_domain_list,
    create_firewall_rule_group,
    list_firewall_rule_groups,
    delete_firewall_rule_group,
    create_firewall_rule,
    update_firewall_rule,
    delete_firewall_rule,
    list_firewall_rules,
    associate_firewall_rule_group,
    list_firewall_rule_group_associations,
    disassociate_firewall_rule_group,
    get_firewall_config,
    update_firewall_config,
):
    setattr(Route53ResolverResponse, _f.__name__, _f)
