package dev.provision.plan;

import dev.provision.model.DesiredVm;

import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.Glob;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a target's {@code vms:} entries into the concrete VMs they mean. A pattern that matches nothing and a VM
 * claimed by two entries are the user's mistakes, reported at the entries' own lines.
 */
public final class SelectorResolver {
    private SelectorResolver() {}

    public static List<DesiredVm> resolve(TargetSpec target, Inventory observed, List<Diagnostic> problems) {
        Map<String, VmSelector> claimedBy = new LinkedHashMap<>();
        List<DesiredVm> out = new ArrayList<>();
        for (VmSelector selector : target.vms()) {
            List<String> names = namesFor(selector, observed);
            if (selector.isPattern() && names.isEmpty()) {
                problems.add(Diagnostic.error(selector.location(), "pattern '" + selector.pattern()
                        + "' matches no VM in target '" + target.name() + "'"));
            }
            for (String name : names) {
                VmSelector first = claimedBy.putIfAbsent(name, selector);
                if (first != null) {
                    problems.add(Diagnostic.error(selector.location(), "VM '" + name + "' is matched by "
                            + selector.describe() + " and by " + first.describe() + " at " + at(first.location())
                            + "; make the entries disjoint"));
                    continue;
                }
                out.add(new DesiredVm(name, selector.overrides().overlay(target.desired()).resolve(),
                        selector.location()));
            }
        }
        return out;
    }

    private static List<String> namesFor(VmSelector selector, Inventory observed) {
        if (!selector.isPattern()) {
            return List.of(selector.name());
        }
        Glob pattern = Glob.compile(selector.pattern());
        return observed.vms().stream().map(ObservedVm::name).filter(pattern::matches).sorted().toList();
    }

    private static String at(SourceLocation location) {
        return "line " + location.line();
    }
}
