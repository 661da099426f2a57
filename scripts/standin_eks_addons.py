"""A stand-in for the EKS add-on operations moto 5.2.x lacks: CreateAddon, DescribeAddon,
ListAddons and DeleteAddon, added to moto's own EKS server before it starts.

It stores and returns what it is given, and nothing more: an add-on is ACTIVE at once (as
moto's clusters are), lives on its cluster (it goes when the cluster goes), and a missing
cluster or add-on is ResourceNotFoundException, one that exists already
ResourceInUseException. It never judges anything: no version check, no health issues, no
paging (ListAddons answers in one page). What it cannot show (a CREATE_FAILED or DEGRADED
add-on, paging, a create that races) the Rust tests cover with aws-smithy-mocks.

The REST paths and shapes are those of the EKS API reference (API_CreateAddon.html,
API_DescribeAddon.html, API_ListAddons.html, API_DeleteAddon.html); moto's router finds the
operation from the botocore model, so the patch is two URL patterns and four methods.
Imported by scripts/moto_server.py.
"""

import uuid
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.eks import urls
from moto.eks.exceptions import ResourceInUseException, ResourceNotFoundException
from moto.eks.responses import EKSResponse

ADDON_ARN = "arn:{partition}:eks:{region}:{account}:addon/{cluster}/{addon}/{uuid}"


def _not_found(cluster, addon, message):
    return ResourceNotFoundException(
        clusterName=cluster,
        nodegroupName=None,
        fargateProfileName=None,
        addonName=addon,
        message=message,
    )


def _addons(response, cluster_name):
    """The add-ons of a cluster of the caller's account and region (kept on the cluster)."""
    cluster = response.eks_backend.clusters.get(cluster_name)
    if cluster is None:
        raise _not_found(cluster_name, None, f"No cluster found for name: {cluster_name}.")
    if not hasattr(cluster, "standin_addons"):
        cluster.standin_addons = {}
    return cluster.standin_addons


def _addon(response, cluster_name, addon_name):
    found = _addons(response, cluster_name).get(addon_name)
    if found is None:
        raise _not_found(
            cluster_name,
            addon_name,
            f"No addon: {addon_name} found in cluster: {cluster_name}",
        )
    return found


def create_addon(self):
    cluster_name = self._get_param("name")
    addon_name = self._get_param("addonName")
    addons = _addons(self, cluster_name)
    if addon_name in addons:
        raise ResourceInUseException(
            clusterName=cluster_name,
            nodegroupName=None,
            addonName=addon_name,
            message=f"Addon already exists with name: {addon_name} in cluster: {cluster_name}",
        )
    now = datetime.now(timezone.utc)
    addon = {
        "addonName": addon_name,
        "clusterName": cluster_name,
        "status": "ACTIVE",
        "addonVersion": self._get_param("addonVersion") or "v0.0.0-standin",
        "health": {"issues": []},
        "addonArn": ADDON_ARN.format(
            partition=self.partition,
            region=self.region,
            account=self.current_account,
            cluster=cluster_name,
            addon=addon_name,
            uuid=uuid.uuid4(),
        ),
        "createdAt": now,
        "modifiedAt": now,
        "tags": self._get_param("tags") or {},
    }
    for key in ("serviceAccountRoleArn", "configurationValues"):
        if self._get_param(key):
            addon[key] = self._get_param(key)
    addons[addon_name] = addon
    return ActionResult({"addon": addon})


def describe_addon(self):
    addon = _addon(self, self._get_param("name"), self._get_param("addonName"))
    return ActionResult({"addon": addon})


def list_addons(self):
    return ActionResult({"addons": sorted(_addons(self, self._get_param("name")))})


def delete_addon(self):
    cluster_name = self._get_param("name")
    addon_name = self._get_param("addonName")
    addon = _addon(self, cluster_name, addon_name)
    del _addons(self, cluster_name)[addon_name]
    return ActionResult({"addon": dict(addon, status="DELETING")})


for _op in (create_addon, describe_addon, list_addons, delete_addon):
    setattr(EKSResponse, _op.__name__, _op)

urls.url_paths["{0}/clusters/(?P<name>[^/]+)/addons$"] = urls.response.dispatch
urls.url_paths["{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)$"] = (
    urls.response.dispatch
)
