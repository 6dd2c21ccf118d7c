package dev.provision.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.ws.Argument;
import java.rmi.RemoteException;

/**
 * RetrievePropertiesEx and ContinueRetrievePropertiesEx, sent as yavijava sends them (same arguments, same
 * session and transport), with the answer read by {@link RetrieveResultReader} while it arrives and, whenever it
 * declines, by yavijava from the same bytes: one round trip either way, and faults arrive typed as before.
 */
final class PropertyPages {
    private PropertyPages() {}

    /** The first page of what the filters select. */
    static RetrieveResult first(VimPortType vim, ManagedObjectReference collector, PropertyFilterSpec[] filters,
                                RetrieveOptions options) throws RemoteException {
        if (!(vim.getWsc() instanceof GuardedWsClient client)) {
            return vim.retrievePropertiesEx(collector, filters, options);
        }
        return read(client, "RetrievePropertiesEx", new Argument[] {
            new Argument("_this", "ManagedObjectReference", collector),
            new Argument("specSet", "PropertyFilterSpec[]", filters),
            new Argument("options", "RetrieveOptions", options)});
    }

    /** The page after the one that carried this continuation token. */
    static RetrieveResult next(VimPortType vim, ManagedObjectReference collector, String token) throws RemoteException {
        if (!(vim.getWsc() instanceof GuardedWsClient client)) {
            return vim.continueRetrievePropertiesEx(collector, token);
        }
        return read(client, "ContinueRetrievePropertiesEx", new Argument[] {
            new Argument("_this", "ManagedObjectReference", collector),
            new Argument("token", "String", token)});
    }

    private static RetrieveResult read(GuardedWsClient client, String method, Argument[] arguments) throws RemoteException {
        return client.exchange(method, arguments, answer -> {
            try {
                return RetrieveResultReader.read(answer);
            } catch (RetrieveResultReader.Declined leftToYavijava) {
                return (RetrieveResult) client.parse("RetrieveResult", answer.bytes()); // all of it, checked
            }
        });
    }
}
