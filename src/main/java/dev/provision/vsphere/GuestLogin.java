package dev.provision.vsphere;

import com.vmware.vim25.NamePasswordAuthentication;
import java.util.Objects;

/**
 * The guest account that VMware guest operations run as: guest.user with the password its secret reference
 * resolved to, read when needed and never printed ({@link #toString()} leaves it out).
 */
record GuestLogin(String user, String password) {
    GuestLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** A fresh object per call: yavijava keeps no reference, and no shared one can be changed by accident. */
    NamePasswordAuthentication authentication() {
        NamePasswordAuthentication auth = new NamePasswordAuthentication();
        auth.setUsername(user);
        auth.setPassword(password);
        auth.setInteractiveSession(false);
        return auth;
    }

    @Override
    public String toString() {
        return "guest user " + user;
    }
}
