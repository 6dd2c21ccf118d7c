package dev.provision.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Follows {@code extends:} from a spec through its profiles and folds their {@code desired:} blocks into one layer.
 *
 * <p>A bare name ({@code docker-desktop}) is a profile bundled in the jar under {@code profiles/}; anything with a
 * slash or a {@code .yaml} ending is a file, relative to the file that names it. Profiles are linearised depth
 * first, each after what it extends and each only once, so in a diamond (two profiles extending a third) the shared
 * profile is folded once, at the bottom, and cannot override what a more specific profile says. A cycle is an error.
 */
final class ProfileResolver {
    /** The profiles shipped in the jar; the list exists because a jar cannot be listed reliably. */
    static final List<String> BUNDLED = List.of("docker-desktop", "wsl2");
    static final String RESOURCE_FOLDER = "profiles/";

    /** The profiles folded into one layer, their names in fold order, and their bytes for the spec's digest. */
    record Result(DesiredState desired, List<String> names, List<byte[]> contents) {
    }

    private record Loaded(String shown, byte[] bytes, DesiredState desired) {
    }

    private final Diagnostics diagnostics;
    private final List<Loaded> order = new ArrayList<>();
    private final Set<String> done = new HashSet<>();
    private final List<String> stackIds = new ArrayList<>();
    private final List<String> stackShown = new ArrayList<>();

    ProfileResolver(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Resolves what {@code owner} (the spec, identified by {@code ownerId}) extends. */
    Result resolve(YamlMap owner, String ownerId, String ownerShown) {
        stackIds.add(ownerId);
        stackShown.add(ownerShown);
        visitExtends(owner);
        stackIds.remove(stackIds.size() - 1);
        stackShown.remove(stackShown.size() - 1);
        DesiredState folded = DesiredState.EMPTY;
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Loaded p : order) {
            folded = p.desired().overlay(folded);
            names.add(p.shown());
            contents.add(p.bytes());
        }
        return new Result(folded, names, contents);
    }

    private void visitExtends(YamlMap m) {
        if (!m.has("extends")) {
            return;
        }
        Node v = m.value("extends");
        if (v == null) { // an empty 'extends:' (value() has reported it)
            return;
        }
        List<Node> entries = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        if (v instanceof MappingNode) {
            m.wrongType("extends", v);
            return;
        }
        if (entries.isEmpty()) {
            m.src().error(v, "'extends' is an empty list; name a profile such as docker-desktop, or remove it");
        }
        for (Node entry : entries) {
            if (entry instanceof ScalarNode s && !YamlMap.isNull(s) && !s.getValue().isBlank()) {
                visit(s, m.src());
            } else {
                m.src().error(entry, "each entry of 'extends' must be a profile name or path, not "
                        + YamlMap.describe(entry));
            }
        }
    }

    private void visit(ScalarNode entry, YamlSource from) {
        String ref = entry.getValue().trim();
        boolean isPath = ref.contains("/") || ref.contains("\\") || ref.endsWith(".yaml") || ref.endsWith(".yml");
        String id;
        String shown;
        String displayName;
        Path baseDir;
        byte[] bytes;
        if (!isPath) {
            id = "bundled:" + ref;
            shown = ref;
            displayName = "bundled:" + RESOURCE_FOLDER + ref + ".yaml";
            baseDir = null;
            bytes = BUNDLED.contains(ref) ? bundled(ref) : null;
            if (bytes == null) {
                from.error(entry, "unknown profile '" + YamlMap.clip(ref) + "'" + DidYouMean.hint(ref, BUNDLED)
                        + (DidYouMean.closest(ref, BUNDLED).isPresent() ? "" : "; bundled profiles are "
                        + String.join(", ", BUNDLED) + ", or give a path such as ./my-profile.yaml"));
                return;
            }
        } else {
            if (from.baseDir() == null) {
                from.error(entry, "a bundled profile can only extend other bundled profiles, by name");
                return;
            }
            Path file = from.resolve(ref);
            id = file.toAbsolutePath().normalize().toString();
            shown = from.displayOf(ref);
            displayName = shown;
            baseDir = file.toAbsolutePath().getParent();
            bytes = null;
            if (!Files.isRegularFile(file)) {
                from.error(entry, "profile file '" + ref + "' does not exist (looked for " + file
                        + "); paths are relative to the file that names them");
                return;
            }
        }
        int cycleStart = stackIds.indexOf(id);
        if (cycleStart >= 0) {
            List<String> loop = new ArrayList<>(stackShown.subList(cycleStart, stackShown.size()));
            loop.add(shown);
            from.error(entry, "profile cycle: " + String.join(" -> ", loop) + "; remove one of these extends");
            return;
        }
        if (done.contains(id)) {
            return;
        }
        YamlSource src = new YamlSource(displayName, baseDir, diagnostics);
        if (bytes == null) {
            bytes = SpecText.readFile(from.resolve(ref), src);
            if (bytes == null) {
                return;
            }
        }
        done.add(id);
        YamlMap profile = SpecText.root(bytes, src, SpecKeys.PROFILE, "a profile");
        if (profile == null) {
            return;
        }
        profile.string("description");
        stackIds.add(id);
        stackShown.add(shown);
        visitExtends(profile);
        stackIds.remove(stackIds.size() - 1);
        stackShown.remove(stackShown.size() - 1);
        order.add(new Loaded(shown, bytes, DesiredStateReader.read(profile.map("desired"))));
    }

    private static byte[] bundled(String name) {
        try (InputStream in = ProfileResolver.class.getClassLoader()
                .getResourceAsStream(RESOURCE_FOLDER + name + ".yaml")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
