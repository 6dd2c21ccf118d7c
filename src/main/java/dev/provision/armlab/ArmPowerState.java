package dev.provision.armlab;

/** A VM's power state as the instance view reports it ({@code PowerState/<code>}, display status). */
public enum ArmPowerState {
    STARTING("starting", "VM starting"),
    RUNNING("running", "VM running"),
    STOPPING("stopping", "VM stopping"),
    STOPPED("stopped", "VM stopped"),
    DEALLOCATING("deallocating", "VM deallocating"),
    DEALLOCATED("deallocated", "VM deallocated");

    private final String code;
    private final String displayStatus;

    ArmPowerState(String code, String displayStatus) {
        this.code = code;
        this.displayStatus = displayStatus;
    }

    public String code() {
        return code;
    }

    public String displayStatus() {
        return displayStatus;
    }

    /** Whether the VM holds hardware, and so counts against vCPU quota (a stopped VM still does). */
    boolean allocated() {
        return this != DEALLOCATED && this != DEALLOCATING;
    }
}
