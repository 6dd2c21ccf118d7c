package dev.provision.rehearsal.lab;

import dev.provision.spec.DesiredState;
import dev.provision.spec.LabSettings;
import dev.provision.spec.LabVmSeed;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;

import java.nio.file.Path;
import java.util.List;

/** Specs for lab targets built in code, for tests of the core below the YAML loader. */
public final class LabSpecs {
    private LabSpecs() {}

    public static LabVmSeed vm(String name, boolean on, boolean nested) {
        return new LabVmSeed(name, on, nested, 2, 8, "Enterprise", List.of(), false);
    }

    public static VmSelector named(String name, int line) {
        return new VmSelector(name, null, DesiredState.EMPTY, new SourceLocation("spec.yaml", line, 7));
    }

    public static VmSelector pattern(String glob, int line) {
        return new VmSelector(null, glob, DesiredState.EMPTY, new SourceLocation("spec.yaml", line, 7));
    }

    public static TargetSpec target(String name, List<LabVmSeed> seed, List<VmSelector> vms, DesiredState desired) {
        return new TargetSpec(name, TargetKind.LAB, new LabSettings(Path.of(name + ".json"), seed), vms, desired,
                new SourceLocation("spec.yaml", 3, 5));
    }

    public static Spec spec(TargetSpec... targets) {
        return new Spec(Path.of("spec.yaml"), "digest-1", List.of(), List.of(targets));
    }
}
