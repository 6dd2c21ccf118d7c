package main

// Makes vcsim 0.24.2 (which answers as vCenter 6.5) readable by yavijava 6.0.05, whose parser fails on
// any element its vSphere 6.0 model does not know. The second fix, the attribute order of
// ManagedObjectReference values, lives in the XML encoder: see ../xml-attr-order.patch.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

// applyServiceContentCompat clears the ServiceContent members added after API 6.0; with them,
// yavijava's first call already fails (NoSuchFieldException: vStorageObjectManager).
// The list is exactly the members of govmomi's ServiceContent that yavijava's class lacks.
func applyServiceContentCompat() {
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	c := &si.Content
	c.VStorageObjectManager = nil
	c.HostSpecManager = nil
	c.CryptoManager = nil
	c.HealthUpdateManager = nil
	c.FailoverClusterConfigurator = nil
	c.FailoverClusterManager = nil
	c.TenantManager = nil
	c.SiteInfoManager = nil
	c.StorageQueryManager = nil
}
