package dev.provision.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import java.rmi.RemoteException;
import java.util.Map;

/** A few properties of one managed object in one RetrievePropertiesEx: what polling a VM or a task costs. */
final class ObjectProperties {
    private ObjectProperties() {}

    /** @return the properties by path; an empty map when the object has none of them set */
    static Map<String, Object> read(VimPortType vim, ServiceContent content, ManagedObjectReference object,
                                    String... paths) throws RemoteException {
        ObjectSpec objectSpec = new ObjectSpec();
        objectSpec.setObj(object);
        objectSpec.setSkip(false);
        PropertySpec propertySpec = new PropertySpec();
        propertySpec.setType(object.getType());
        propertySpec.setAll(false);
        propertySpec.setPathSet(paths.clone());
        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(new ObjectSpec[] {objectSpec});
        filter.setPropSet(new PropertySpec[] {propertySpec});
        RetrieveResult result = vim.retrievePropertiesEx(content.getPropertyCollector(),
                new PropertyFilterSpec[] {filter}, new RetrieveOptions());
        if (result == null || result.getObjects() == null || result.getObjects().length == 0) {
            return Map.of();
        }
        ObjectContent only = result.getObjects()[0];
        return InventoryReader.properties(only);
    }
}
