package dev.provision.vsphere;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.VmPoweredOnEvent;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts power-ons per VM from vcsim's own event log (QueryEvents): what the server did, whoever asked. vcsim
 * posts a VmPoweredOnEvent for every PowerOnVM_Task that powered a VM on; a power cycle ends with exactly one.
 */
public final class VcsimPowerEvents {
    private VcsimPowerEvents() {}

    /** By managed object id: the names in events are the ones vcsim created the VMs with, before the scenario's. */
    public static Map<String, Integer> powerOnsByMoid(VcsimServer vcsim) {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            // QueryEvents answers vcsim's default page of 10 events; a collector's page can hold 1000.
            Object page = connection.withSession("reading the event log", (vim, content) -> {
                com.vmware.vim25.ManagedObjectReference collector =
                        vim.createCollectorForEvents(content.getEventManager(), new EventFilterSpec());
                vim.setCollectorPageSize(collector, 1000);
                return ObjectProperties.read(vim, content, collector, "latestPage").get("latestPage");
            });
            Event[] events = page instanceof com.vmware.vim25.ArrayOfEvent wrapped ? wrapped.getEvent()
                    : page instanceof Event[] array ? array : null;
            Map<String, Integer> counts = new HashMap<>();
            for (Event event : events == null ? new Event[0] : events) {
                if (event instanceof VmPoweredOnEvent && event.getVm() != null) {
                    counts.merge(event.getVm().getVm().getVal(), 1, Integer::sum);
                }
            }
            return counts;
        }
    }
}
