package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.rest.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a VM's guest can be reached through Run Command now: the VM runs and its VM agent reports Ready. Run
 * Command needs both; without the agent Azure accepts the request and the script never runs (it times out after
 * minutes), so this is checked first and said plainly.
 *
 * <p>"Ready" alone proves nothing right after provision booted the guest: real Azure shows "Not Ready" after a
 * create, and after a restart, start or resize it goes on showing the <em>previous</em> Ready, with that report's
 * {@code time} (../shared/domain/azure-sdk-facts.md, from recorded Compute sessions). So before an operation that
 * boots the guest, {@link #freshAfter} notes a moment, and afterwards only a Ready status whose {@code time} is
 * later counts. Clocks: that moment is taken from Azure's clocks, never from this machine's (which may be minutes
 * off): the later of the agent's own last status time (the same clock the fresh status will carry) and the
 * {@code Date} of Azure's answer minus {@link #CLOCK_SKEW} (for a VM with no status yet, and an agent clock a
 * little behind ARM's). A Ready stamped within that allowance before the operation would pass; a reboot takes
 * longer than that, and the agent's own last time rules out the stale status itself.
 */
final class GuestAccess {
    /** How far the agent's clock may run behind ARM's front end before a fresh status is taken for a stale one. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final AzureClients azure;
    private final String resourceGroup;
    private final Duration bootLimit;
    /** VMs provision booted in this run, and the moment after which their agent status counts as fresh. */
    private final Map<String, Instant> booted = new ConcurrentHashMap<>();

    GuestAccess(AzureClients azure, String resourceGroup, Duration bootLimit) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.bootLimit = bootLimit;
    }

    /**
     * Waits for a fresh Ready when provision booted the VM in this run, else checks the agent once.
     *
     * @throws ProviderException naming what is missing: a running VM, or a Ready agent
     */
    void requireReady(String vm, String purpose) throws ProviderException, InterruptedException {
        Instant since = booted.get(key(vm));
        if (since != null) {
            if (!awaitReady(vm, bootLimit, since)) {
                throw new ProviderException("the VM agent of " + vm + " has not reported Ready since provision "
                        + "started the VM (" + bootLimit.toMinutes() + " minutes waited): the guest cannot be "
                        + purpose + " (Run Command needs the agent; check the Windows Azure Guest Agent service "
                        + "in the VM)");
            }
            booted.remove(key(vm));
            return;
        }
        VirtualMachineInner read = read(vm).getValue();
        PowerState power = VmReadings.power(read);
        if (!power.isRunning()) {
            throw new ProviderException("VM " + vm + " is " + describe(power) + ": the guest cannot be " + purpose
                    + " (Run Command needs a running VM with its agent ready)");
        }
        String agent = agentStatus(read);
        if (!"ready".equalsIgnoreCase(agent)) {
            throw new ProviderException("the VM agent of " + vm + " is " + (agent == null ? "not reporting" : "'"
                    + agent + "'") + ": the guest cannot be " + purpose + " until it is Ready (Run Command needs "
                    + "it; check the Windows Azure Guest Agent service in the VM)");
        }
    }

    /**
     * Read just before an operation that boots the guest (create, restart, start, resize of a running VM): the
     * moment, in Azure's clocks, after which an agent status counts as fresh.
     */
    Instant freshAfter(String vm) throws ProviderException {
        Instant agentTime = null;
        HttpHeaders headers;
        try {
            Response<VirtualMachineInner> read = read(vm);
            headers = read.getHeaders();
            agentTime = agentTime(read.getValue());
        } catch (ProviderException e) {
            headers = notFoundHeaders(e); // a VM about to be created: no status to be stale
        }
        Instant armNow = serverTime(headers);
        Instant since = armNow.minus(CLOCK_SKEW);
        return agentTime != null && agentTime.isAfter(since) ? agentTime : since;
    }

    /**
     * Read just before a create: the moment after which an agent status proves the new guest's first boot. When the
     * VM exists already (the create is tried again, or finishes one cut short), its guest was booted by the earlier
     * attempt and a PUT does not boot it again, so any Ready proves it: {@link Instant#EPOCH}.
     */
    Instant firstBootAfter(String vm) throws ProviderException {
        try {
            read(vm);
            return Instant.EPOCH;
        } catch (ProviderException e) {
            return serverTime(notFoundHeaders(e)).minus(CLOCK_SKEW);
        }
    }

    /** The headers of ARM's 404 for a VM; any other failure is thrown again. */
    private static HttpHeaders notFoundHeaders(ProviderException e) throws ProviderException {
        if (!(e.getCause() instanceof HttpResponseException h) || h.getResponse() == null
                || h.getResponse().getStatusCode() != 404) {
            throw e;
        }
        return h.getResponse().getHeaders();
    }

    /** After provision booted {@code vm}: the next {@link #requireReady} waits for an agent status after {@code since}. */
    void booted(String vm, Instant since) {
        booted.put(key(vm), since);
    }

    /**
     * Waits until the VM runs and its agent reports Ready with a status newer than {@code since}, polling the
     * instance view.
     *
     * @return false when {@code limit} passed first
     */
    boolean awaitReady(String vm, Duration limit, Instant since) throws ProviderException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Duration interval = azure.pollInterval();
        while (true) {
            VirtualMachineInner read = read(vm).getValue();
            if (VmReadings.power(read).isRunning() && "ready".equalsIgnoreCase(agentStatus(read))) {
                Instant time = agentTime(read);
                if (time != null && time.isAfter(since)) {
                    return true;
                }
            }
            if (Instant.now().plus(interval).isAfter(deadline)) {
                return false;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private Response<VirtualMachineInner> read(String vm) throws ProviderException {
        try {
            return azure.compute().getVirtualMachines().getByResourceGroupWithResponse(resourceGroup, vm,
                    InstanceViewTypes.INSTANCE_VIEW, Context.NONE);
        } catch (RuntimeException e) {
            throw new ProviderException("reading " + vm + "'s instance view failed: " + AzureErrors.describe(e),
                    null, e);
        }
    }

    /** ARM's clock from an answer's {@code Date}; this machine's clock only when Azure sent none. */
    private static Instant serverTime(HttpHeaders headers) {
        String date = headers == null ? null : headers.getValue(HttpHeaderName.DATE);
        if (date != null) {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall through: an unparsable Date is treated as none
            }
        }
        return Instant.now();
    }

    /** The agent's display status ("Ready", "Not Ready"), or null when the instance view has no agent section. */
    static String agentStatus(VirtualMachineInner vm) {
        InstanceViewStatus status = agentReport(vm);
        return status == null ? null : status.displayStatus();
    }

    private static Instant agentTime(VirtualMachineInner vm) {
        InstanceViewStatus status = agentReport(vm);
        return status == null || status.time() == null ? null : status.time().toInstant();
    }

    private static InstanceViewStatus agentReport(VirtualMachineInner vm) {
        if (vm.instanceView() == null || vm.instanceView().vmAgent() == null) {
            return null;
        }
        List<InstanceViewStatus> statuses = vm.instanceView().vmAgent().statuses();
        return statuses == null || statuses.isEmpty() ? null : statuses.get(0);
    }

    private static String key(String vm) {
        return vm.toLowerCase(Locale.ROOT);
    }

    static String describe(PowerState power) {
        return power == PowerState.OFF ? "stopped" : power.key().toLowerCase(Locale.ROOT);
    }
}
