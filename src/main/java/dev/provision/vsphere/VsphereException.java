package dev.provision.vsphere;

/** A vSphere call failed; the message says what was attempted against which endpoint. */
public class VsphereException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VsphereException(String message) {
        super(message);
    }

    public VsphereException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The server's certificate did not satisfy the trust the caller chose (CA, JDK store or pinned thumbprint). */
    public static final class UntrustedServer extends VsphereException {
        private static final long serialVersionUID = 1L;

        public UntrustedServer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server refused the user name or password. */
    public static final class LoginRefused extends VsphereException {
        private static final long serialVersionUID = 1L;

        public LoginRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server sent something we refuse to parse (a DOCTYPE, i.e. a possible XML external entity attack). */
    public static final class UnsafeResponse extends VsphereException {
        private static final long serialVersionUID = 1L;

        public UnsafeResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The endpoint is not the vSphere SOAP API, or cannot be reached at all (unknown host, nothing listening, no
     * answer in time): a wrong URL or network path, not a vSphere fault.
     */
    public static final class NotVsphere extends VsphereException {
        private static final long serialVersionUID = 1L;

        public NotVsphere(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A vSphere task ended in error; the message names the fault and the server's own words. */
    public static final class TaskFailed extends VsphereException {
        private static final long serialVersionUID = 1L;

        public TaskFailed(String message) {
            super(message);
        }
    }

    /**
     * A reconfigure carrying the changeVersion we read was refused with ConcurrentAccess: someone else changed the
     * VM first. The compare-and-set under the lease ({@link VsphereLeases}).
     */
    public static final class ChangedMeanwhile extends VsphereException {
        private static final long serialVersionUID = 1L;

        public ChangedMeanwhile(String message) {
            super(message);
        }
    }

    /** Something we wait for (a task, a guest shutdown, VMware Tools) did not happen in time. */
    public static final class TimedOut extends VsphereException {
        private static final long serialVersionUID = 1L;

        public TimedOut(String message) {
            super(message);
        }
    }

    /** We refused a call because the VM is not in the state the call needs (e.g. reconfiguring a running VM). */
    public static final class Refused extends VsphereException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** The guest refused the guest-operations login (InvalidGuestLogin): wrong guest user name or password. */
    public static final class GuestLoginRefused extends VsphereException {
        private static final long serialVersionUID = 1L;

        public GuestLoginRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The guest cannot take guest operations now: VMware Tools is not running, or its guest-operations agent is not
     * ready yet (GuestOperationsUnavailable), or the VM is not powered on.
     */
    public static final class GuestUnavailable extends VsphereException {
        private static final long serialVersionUID = 1L;

        public GuestUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** True when a fault of this kind is in the cause chain (yavijava's typed faults arrive as causes). */
    public boolean causedBy(Class<? extends Throwable> kind) {
        for (Throwable t = this; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
