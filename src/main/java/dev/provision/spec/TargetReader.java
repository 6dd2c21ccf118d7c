package dev.provision.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code targets:} list: each target's name and kind, the one connection block its kind names, its
 * {@code desired:} layer and its VM entries.
 */
final class TargetReader {
    private static final List<String> SECTIONS = List.of("azure", "vsphere", "lab");

    private final Map<String, Node> names = new HashMap<>();
    private final EnvironmentValues environment;
    private final Map<Path, Node> labStateFiles = new HashMap<>();

    TargetReader() {
        this(EnvironmentValues.none());
    }

    TargetReader(EnvironmentValues environment) {
        this.environment = environment;
    }

    /**
     * @param outer the profiles and the spec-wide {@code desired:} already folded; each target's layer goes on top
     */
    List<TargetSpec> read(YamlMap spec, DesiredState outer) {
        List<YamlMap> targets = spec.maps("targets");
        List<TargetSpec> out = new ArrayList<>();
        if (targets == null) {
            return out;
        }
        if (targets.isEmpty() && spec.value("targets") != null) {
            spec.src().error(spec.value("targets"), "'targets' is an empty list; add at least one target");
        }
        for (YamlMap t : targets) {
            TargetSpec target = target(t, outer);
            if (target != null) {
                out.add(target);
            }
        }
        return out;
    }

    private TargetSpec target(YamlMap t, DesiredState outer) {
        YamlSource src = t.src();
        String name = t.string("name");
        if (name != null && !name.matches(SpecKeys.NAME)) {
            src.error(t.value("name"), "target name '" + YamlMap.clip(name) + "' may only hold letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit");
            name = null;
        } else if (name != null && names.containsKey(name)) {
            src.error(t.value("name"), "target name '" + name + "' is already used on line "
                    + src.at(names.get(name)).line() + "; target names are unique");
            name = null;
        } else if (name != null) {
            names.put(name, t.value("name"));
        }
        String word = t.word("kind");
        TargetKind kind = word == null ? null : Keyed.lookup(TargetKind.class, word).orElseThrow();
        Connection connection = kind == null ? null : connection(t, kind, name);
        Map<String, String> fromEnvironment = environment.drain();
        DesiredState desired = DesiredStateReader.read(t.map("desired")).overlay(outer);
        List<VmSelector> vms = vms(t, kind, name);
        if (name == null || kind == null || connection == null) {
            return null;
        }
        return new TargetSpec(name, kind, connection, vms, desired, t.location(), fromEnvironment);
    }

    private Connection connection(YamlMap t, TargetKind kind, String name) {
        for (String section : SECTIONS) {
            if (!section.equals(kind.key()) && t.has(section)) {
                t.src().error(t.keyNode(section), "a " + kind.key() + " target takes only a '" + kind.key()
                        + ":' block; remove '" + section + ":' or change kind");
            }
        }
        if (!t.has(kind.key())) {
            t.src().error(t.node(), "missing '" + kind.key() + "' in " + (name == null ? "a target" : "target '"
                    + name + "'") + "; a " + kind.key() + " target needs a " + kind.key() + ": block");
            return null;
        }
        YamlMap section = t.map(kind.key());
        if (section == null) {
            return null;
        }
        return switch (kind) {
            case AZURE -> ConnectionReader.azure(section, name, environment);
            case VSPHERE -> ConnectionReader.vsphere(section, environment);
            case LAB -> lab(section, name);
        };
    }

    private LabSettings lab(YamlMap section, String name) {
        LabSettings lab = ConnectionReader.lab(section, name);
        Node at = section.has("stateFile") ? section.value("stateFile") : section.node();
        Node first = labStateFiles.putIfAbsent(lab.stateFile(), at);
        if (first != null) {
            section.src().error(at, "this state file is already used by the lab target on line "
                    + section.src().at(first).line() + "; give each lab target its own stateFile");
        }
        return lab;
    }

    private List<VmSelector> vms(YamlMap t, TargetKind kind, String targetName) {
        List<VmSelector> out = new ArrayList<>();
        List<YamlMap> entries = t.maps("vms");
        if (entries == null) {
            return out;
        }
        if (entries.isEmpty() && t.value("vms") != null) {
            t.src().error(t.value("vms"), "'vms' is an empty list; add entries such as - name: vdi-01 "
                    + "or - pattern: \"vdi-*\"");
        }
        Map<String, Node> seen = new HashMap<>();
        for (YamlMap e : entries) {
            VmSelector vm = entry(e, kind);
            if (vm == null) {
                continue;
            }
            String key = vm.isPattern() ? "pattern:" + vm.pattern() : "name:" + vm.name();
            Node at = vm.isPattern() ? e.value("pattern") : e.value("name");
            Node first = seen.putIfAbsent(key, at);
            if (first != null) {
                e.src().error(at, "duplicate entry for " + vm.describe() + ": it is already listed on line "
                        + e.src().at(first).line()
                        + (targetName == null ? "" : " of target '" + targetName + "'") + "; merge the entries");
                continue;
            }
            out.add(vm);
        }
        return out;
    }

    private VmSelector entry(YamlMap e, TargetKind kind) {
        YamlSource src = e.src();
        boolean hasName = e.has("name");
        boolean hasPattern = e.has("pattern");
        if (hasName && hasPattern) {
            src.error(e.node(), "a VM entry has both 'name' and 'pattern'; keep name for one VM, or pattern "
                    + "for every VM it matches");
        } else if (!hasName && !hasPattern) {
            src.error(e.node(), "a VM entry needs 'name' (one VM) or 'pattern' (a glob such as \"vdi-*\")");
        }
        String name = e.string("name");
        String pattern = e.string("pattern");
        if (pattern != null && kind == TargetKind.AZURE) {
            src.error(e.value("pattern"), "'pattern' is for vsphere and lab targets; an azure target names each "
                    + "VM: write name: ...");
            pattern = null;
        } else if (pattern != null) {
            try {
                Glob.compile(pattern);
            } catch (IllegalArgumentException bad) {
                src.error(e.value("pattern"), "invalid pattern '" + YamlMap.clip(pattern) + "': " + bad.getMessage()
                        + "; use * ? and [abc]");
                pattern = null;
            }
        }
        DesiredState overrides = DesiredStateReader.read(e);
        if (hasName == hasPattern || name == null && pattern == null) {
            return null;
        }
        return new VmSelector(name, pattern, overrides, e.location());
    }
}
