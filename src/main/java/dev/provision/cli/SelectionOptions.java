package dev.provision.cli;

import dev.provision.plan.Selection;
import dev.provision.spec.InvalidInputException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --target} and {@code --vm}, shared by plan, apply and verify: which part of the spec a run covers. */
final class SelectionOptions {
    @Option(names = "--target", paramLabel = "NAME", description = "Only this target of the spec (repeatable), "
            + "like Terraform's -target. An unknown name is refused (exit 2).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--vm", paramLabel = "GLOB", description = "Only VMs whose name matches (repeatable; * ? [abc]), "
            + "like Ansible's --limit: for a canary, or a rerun after a partial failure. A glob that matches no VM "
            + "of the selected targets is refused (exit 2). Quote it so the shell leaves it alone.")
    List<String> vms = new ArrayList<>();

    Selection selection() throws InvalidInputException {
        return Selection.of(targets, vms);
    }

    boolean any() {
        return !targets.isEmpty() || !vms.isEmpty();
    }
}
