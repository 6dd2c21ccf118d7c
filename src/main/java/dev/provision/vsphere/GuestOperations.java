package dev.provision.vsphere;

import com.vmware.vim25.FileFault;
import com.vmware.vim25.FileTransferInformation;
import com.vmware.vim25.GuestOperationsUnavailable;
import com.vmware.vim25.GuestPermissionDenied;
import com.vmware.vim25.GuestProcessInfo;
import com.vmware.vim25.GuestProgramSpec;
import com.vmware.vim25.InvalidGuestLogin;
import com.vmware.vim25.InvalidPowerState;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ToolsUnavailable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs a program in a VM's guest through VMware guest operations and brings back what it wrote: create a
 * temporary file (in the guest user's temp folder), start the program with its arguments naming that file, poll
 * ListProcessesInGuest for its exit code, fetch the file from the ESXi host with the host's pinned thumbprint
 * ({@link HostFileDownload}), delete the file. Guest operations return no output of their own, which is why the
 * program writes to a file.
 *
 * <p>Retries never run a step twice with a different effect. A call that ends in a SOAP fault did not happen, so
 * a fault saying the guest-operations agent is not ready yet (GuestOperationsUnavailable, common in the first
 * minute after a boot) is retried within {@link #unavailableWindow}; a call that failed on the network is not
 * retried, since it may have happened. The download alone is retried once with a fresh transfer: it is a read.
 * A wrong guest password fails at once — retrying would only risk locking the account.
 */
final class GuestOperations {
    static final Duration FIRST_POLL = Duration.ofMillis(20);
    static final Duration MAX_POLL = Duration.ofSeconds(2);
    static final Duration DEFAULT_UNAVAILABLE_WINDOW = Duration.ofSeconds(30);

    /** The VM a program runs in: its managed object id for the calls, its name for the messages. */
    record GuestVm(String moid, String name) {}

    /** How a program ended and what it wrote to its output file. */
    record ProgramRun(int exitCode, byte[] output) {}

    private final VsphereConnection connection;
    private final boolean insecure;
    private final HostFileDownload download;
    private final Duration unavailableWindow;
    /** Host id to its reported thumbprint; re-read when a download's pin fails. */
    private final Map<String, String> hostThumbprints = new ConcurrentHashMap<>();
    private volatile Managers managers;

    private record Managers(ManagedObjectReference process, ManagedObjectReference file) {}

    /** @param insecure the target accepts any certificate ({@code insecure: true}); ESXi hosts' too then */
    GuestOperations(VsphereConnection connection, boolean insecure, Duration unavailableWindow) {
        this.connection = connection;
        this.insecure = insecure;
        this.download = new HostFileDownload(connection.endpoint().timeout());
        this.unavailableWindow = unavailableWindow;
    }

    /**
     * Runs {@code program} with the arguments {@code argumentsFor} makes from the guest path of the output file,
     * waits up to {@code timeout} for it to end, and returns its exit code and that file's bytes.
     */
    ProgramRun run(GuestVm vm, GuestLogin login, String program, Function<String, String> argumentsFor, Duration timeout)
            throws InterruptedException {
        String output = createTemporaryFile(vm, login);
        try {
            long pid = start(vm, login, program, argumentsFor.apply(output));
            int exit = awaitExit(vm, login, pid, timeout);
            return new ProgramRun(exit, fetch(vm, login, output));
        } finally {
            deleteQuietly(vm, login, output);
        }
    }

    String createTemporaryFile(GuestVm vm, GuestLogin login) throws InterruptedException {
        ManagedObjectReference files = managers().file();
        return call(vm, "creating a temporary file", (vim, content) -> vim.createTemporaryFileInGuest(
                files, vmRef(vm), login.authentication(), "provision-", ".txt", null));
    }

    long start(GuestVm vm, GuestLogin login, String program, String arguments) throws InterruptedException {
        GuestProgramSpec spec = new GuestProgramSpec();
        spec.setProgramPath(program);
        spec.setArguments(arguments);
        ManagedObjectReference processes = managers().process();
        return call(vm, "starting " + program, (vim, content) -> vim.startProgramInGuest(
                processes, vmRef(vm), login.authentication(), spec));
    }

    /**
     * Polls until the program has ended. vSphere keeps a finished program's exit code for about five minutes, and
     * leaves it out when it is 0 (so a finished program without one exited with 0).
     */
    int awaitExit(GuestVm vm, GuestLogin login, long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Backoff backoff = new Backoff(FIRST_POLL, MAX_POLL);
        ManagedObjectReference processes = managers().process();
        while (true) {
            GuestProcessInfo[] found = call(vm, "reading the state of program " + pid, (vim, content) ->
                    vim.listProcessesInGuest(processes, vmRef(vm), login.authentication(), new long[] {pid}));
            GuestProcessInfo info = null;
            for (GuestProcessInfo candidate : found == null ? new GuestProcessInfo[0] : found) {
                if (candidate.getPid() == pid) {
                    info = candidate;
                }
            }
            if (info == null) {
                throw new VsphereException("VM '" + vm.name() + "': program " + pid + " disappeared from VMware "
                        + "Tools' list before it ended (did the guest restart?)");
            }
            if (info.getEndTime() != null) {
                return info.getExitCode() == null ? 0 : info.getExitCode();
            }
            if (System.nanoTime() >= deadline) {
                throw new VsphereException.TimedOut("VM '" + vm.name() + "': the program in the guest (pid " + pid
                        + ") did not finish within " + timeout.toSeconds() + " s");
            }
            backoff.sleepUntilNextPoll(deadline);
        }
    }

    /** The file's bytes, from the ESXi host; one more try with a fresh transfer (and thumbprint) if that fails. */
    byte[] fetch(GuestVm vm, GuestLogin login, String path) throws InterruptedException {
        ManagedObjectReference files = managers().file();
        for (int attempt = 1; ; attempt++) {
            FileTransferInformation offer = call(vm, "offering " + path + " for download", (vim, content) ->
                    vim.initiateFileTransferFromGuest(files, vmRef(vm), login.authentication(), path));
            try {
                String thumbprint = insecure ? null : hostThumbprint(vm, attempt > 1);
                return download.download(offer.getUrl(), connection.endpoint().sdkUrl(), thumbprint, insecure);
            } catch (VsphereException.UntrustedServer e) {
                if (attempt >= 2) {
                    throw new VsphereException.UntrustedServer("VM '" + vm.name() + "': " + e.getMessage(), e);
                }
            } catch (VsphereException e) {
                if (attempt >= 2) {
                    throw new VsphereException("VM '" + vm.name() + "': " + e.getMessage(), e);
                }
            }
        }
    }

    void delete(GuestVm vm, GuestLogin login, String path) throws InterruptedException {
        ManagedObjectReference files = managers().file();
        call(vm, "deleting " + path, (vim, content) -> {
            vim.deleteFileInGuest(files, vmRef(vm), login.authentication(), path);
            return null;
        });
    }

    /** A temporary file left behind in the user's temp folder is harmless; the result already is what counts. */
    private void deleteQuietly(GuestVm vm, GuestLogin login, String path) throws InterruptedException {
        try {
            delete(vm, login, path);
        } catch (VsphereException ignored) {
            // Windows' temp folder cleanup removes it eventually.
        }
    }

    /** Asks the guest OS to restart through VMware Tools; returns at once. */
    void rebootGuest(GuestVm vm) throws InterruptedException {
        call(vm, "asking the guest to restart", (vim, content) -> {
            vim.rebootGuest(vmRef(vm));
            return null;
        });
    }

    /** One guest-operations call, with the retry for an agent that is not ready and the faults made readable. */
    private <T> T call(GuestVm vm, String what, VsphereConnection.SessionWork<T> work) throws InterruptedException {
        long deadline = System.nanoTime() + unavailableWindow.toNanos();
        Backoff backoff = new Backoff(Duration.ofMillis(100), MAX_POLL);
        while (true) {
            try {
                return connection.withSession(what + " in VM " + vm.name(), work);
            } catch (VsphereException e) {
                if (e.causedBy(GuestOperationsUnavailable.class) && System.nanoTime() < deadline) {
                    backoff.sleepUntilNextPoll(deadline);
                    continue;
                }
                throw readable(vm, what, e);
            }
        }
    }

    private VsphereException readable(GuestVm vm, String what, VsphereException e) {
        String at = "VM '" + vm.name() + "': ";
        if (e.causedBy(InvalidGuestLogin.class)) {
            return new VsphereException.GuestLoginRefused(at + "the guest refused the login of guest.user (InvalidGuestLogin) "
                    + "while " + what + ": check guest.user and guest.password", e);
        }
        if (e.causedBy(GuestOperationsUnavailable.class)) {
            return new VsphereException.GuestUnavailable(at + "VMware Tools in the guest does not take guest "
                    + "operations (GuestOperationsUnavailable, still after " + unavailableWindow.toSeconds()
                    + " s): check that VMware Tools is running in the guest", e);
        }
        if (e.causedBy(ToolsUnavailable.class)) {
            return new VsphereException.GuestUnavailable(at + "VMware Tools is not running in the guest", e);
        }
        if (e.causedBy(InvalidPowerState.class)) {
            return new VsphereException.GuestUnavailable(at + "the VM is not powered on", e);
        }
        if (e.causedBy(GuestPermissionDenied.class)) {
            return new VsphereException(at + "the guest user may not do this (GuestPermissionDenied) while " + what, e);
        }
        FileFault file = cause(e, FileFault.class);
        if (file != null) {
            return new VsphereException(at + file.getClass().getSimpleName() + " for '" + file.getFile() + "' while " + what, e);
        }
        return e;
    }

    /** The thumbprint vCenter reports for the host the VM runs on now (it may have moved since the last call). */
    private String hostThumbprint(GuestVm vm, boolean reread) {
        Object host = connection.withSession("finding the host of VM " + vm.name(), (vim, content) ->
                ObjectProperties.read(vim, content, vmRef(vm), "runtime.host")).get("runtime.host");
        if (!(host instanceof ManagedObjectReference hostRef)) {
            throw new VsphereException("VM '" + vm.name() + "' runs on no host that vCenter knows");
        }
        if (reread) {
            hostThumbprints.remove(hostRef.getVal());
        }
        return hostThumbprints.computeIfAbsent(hostRef.getVal(), id -> (String) connection.withSession(
                "reading the SSL thumbprint of host " + id, (vim, content) -> ObjectProperties.read(vim, content,
                        hostRef, "summary.config.sslThumbprint")).get("summary.config.sslThumbprint"));
    }

    private Managers managers() {
        Managers known = managers;
        if (known == null) {
            known = connection.withSession("finding the guest operations managers", (vim, content) -> {
                if (content.getGuestOperationsManager() == null) {
                    throw new VsphereException("this vSphere endpoint offers no guest operations");
                }
                Map<String, Object> props = ObjectProperties.read(vim, content, content.getGuestOperationsManager(),
                        "processManager", "fileManager");
                return new Managers((ManagedObjectReference) props.get("processManager"),
                        (ManagedObjectReference) props.get("fileManager"));
            });
            managers = known;
        }
        return known;
    }

    private static ManagedObjectReference vmRef(GuestVm vm) {
        return VsphereConnection.mor("VirtualMachine", vm.moid());
    }

    private static <X extends Throwable> X cause(Throwable e, Class<X> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }
}
