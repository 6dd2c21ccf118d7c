package dev.provision.plan;

import dev.provision.model.DesiredVm;

import dev.provision.spec.Glob;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which part of the spec a run covers: {@code --target NAME} and {@code --vm GLOB}, for a canary or a rerun after a
 * partial failure. Empty lists mean everything. A saved plan records it, so applying the plan covers exactly what
 * was reviewed. A name or glob that selects nothing is refused: a typo must not turn into a run over nothing.
 *
 * @param targets target names; empty selects every target
 * @param vms     VM name globs ({@link Glob}); empty selects every VM of the selected targets
 */
public record Selection(List<String> targets, List<String> vms) {
    public static final Selection ALL = new Selection(List.of(), List.of());
    private static final SourceLocation COMMAND_LINE = new SourceLocation("command line", 0, 0);

    public Selection {
        targets = List.copyOf(targets);
        vms = List.copyOf(vms);
    }

    /** Checks the globs' syntax now, before anything is read. */
    public static Selection of(List<String> targets, List<String> vms) throws InvalidInputException {
        for (String vm : vms) {
            try {
                Glob.compile(vm);
            } catch (IllegalArgumentException bad) {
                throw new InvalidInputException(COMMAND_LINE, "--vm '" + vm + "' is not a valid pattern: "
                        + bad.getMessage() + "; use * ? and [abc]");
            }
        }
        return new Selection(targets, vms);
    }

    public boolean isAll() {
        return targets.isEmpty() && vms.isEmpty();
    }

    /** The spec with only the selected targets (same source and digest: it is still that spec). */
    public Spec narrow(Spec spec) throws InvalidInputException {
        if (targets.isEmpty()) {
            return spec;
        }
        List<String> known = spec.targets().stream().map(TargetSpec::name).toList();
        for (String name : targets) {
            if (!known.contains(name)) {
                throw new InvalidInputException(COMMAND_LINE, "--target '" + name + "' is not a target of "
                        + spec.source() + "; its targets are " + String.join(", ", known));
            }
        }
        return new Spec(spec.source(), spec.digest(), spec.extended(),
                spec.targets().stream().filter(t -> targets.contains(t.name())).toList());
    }

    /** Whether a VM (of a selected target) is selected by the {@code --vm} globs. */
    public boolean includes(String vmName) {
        return vms.isEmpty() || vms.stream().anyMatch(g -> Glob.compile(g).matches(vmName));
    }

    /** The desired VMs the selection keeps, in their order. */
    public List<DesiredVm> filter(List<DesiredVm> desired) {
        return desired.stream().filter(vm -> includes(vm.name())).toList();
    }

    /**
     * Refuses a {@code --vm} glob that matches none of the VMs the selected targets cover.
     *
     * @param names every VM name the selected targets' entries resolved to
     */
    public void requireMatches(Collection<String> names) throws InvalidInputException {
        List<String> unmatched = new ArrayList<>();
        for (String g : vms) {
            Glob glob = Glob.compile(g);
            if (names.stream().noneMatch(glob::matches)) {
                unmatched.add("'" + g + "'");
            }
        }
        if (!unmatched.isEmpty()) {
            throw new InvalidInputException(COMMAND_LINE, "--vm " + String.join(", ", unmatched)
                    + (unmatched.size() == 1 ? " matches" : " match") + " no VM of "
                    + (targets.isEmpty() ? "the spec" : "target " + String.join(", ", targets))
                    + "; nothing was selected");
        }
    }

    /** The selection as the options that make it, for messages: {@code --target lab --vm 'vdi-0*'}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        targets.forEach(t -> parts.add("--target " + t));
        vms.forEach(v -> parts.add("--vm '" + v + "'"));
        return String.join(" ", parts);
    }
}
