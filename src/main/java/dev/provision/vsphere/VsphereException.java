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
}
