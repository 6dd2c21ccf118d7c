package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;

/**
 * The note a power cycle leaves on the VM itself before it powers the VM off: "power me back on". It is written
 * before the shutdown and removed after the VM runs again, so an apply killed in between (Ctrl-C twice, a crash,
 * a lost laptop lid) leaves a VM that says what it is owed, and the next plan finishes the job.
 *
 * <p>A {@code guestinfo.} key because ESXi accepts those in a ReconfigVM_Task while the VM is running (other
 * advanced settings may only change while it is off). An empty value removes the key on ESXi; vcsim keeps an
 * empty duplicate instead, so an empty value reads as "no marker".
 */
final class RestoreMarker {
    static final String KEY = "guestinfo.provision.restorePowerState";
    static final String POWERED_ON = "poweredOn";

    private RestoreMarker() {}

    /** The marker's value, or null when there is none. */
    static String read(String extraConfigValue) {
        return extraConfigValue == null || extraConfigValue.isBlank() ? null : extraConfigValue;
    }

    static OptionValue promisePowerOn() {
        return option(POWERED_ON);
    }

    static OptionValue remove() {
        return option("");
    }

    private static OptionValue option(String value) {
        return ExtraConfig.entry(KEY, value);
    }
}
