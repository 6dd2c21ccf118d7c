package dev.provision.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Loads a spec file into a {@link Spec}, or fails with every problem in it at once, each with
 * {@code file:line:column} and a one-line message that says what to write instead. Never a stack trace.
 *
 * <p>The format, in short (the JSON Schema from {@link SpecSchema} has every key with its description):
 * <pre>
 * # yaml-language-server: $schema=./provision-spec.schema.json
 * extends: docker-desktop            # or a list; a bare name is a bundled profile, a path is relative to this file
 * desired:                           # spec-wide layer
 *   powerCycle: graceful             # never | graceful | force
 * targets:
 *   - name: lab
 *     kind: lab                      # azure | vsphere | lab, with exactly the block of that name
 *     lab:
 *       stateFile: .provision/lab-state.json
 *       vms: [{name: vdi-01, power: "on", vcpus: 2, memoryGiB: 8}]
 *     desired: {shutdownTimeout: 90s}  # target layer
 *     vms:
 *       - name: vdi-01
 *         powerCycle: force          # a VM entry may override any desired-state key
 *       - pattern: "vdi-*"           # vsphere and lab only: * ? [abc]
 * </pre>
 *
 * <p>Layers, from general to specific: profiles (in {@code extends} order), the spec-wide {@code desired:}, the
 * target's {@code desired:}, the VM entry. {@link TargetSpec#desired()} holds the first three folded;
 * {@link VmSelector#overrides()} holds only the entry's own keys. Relative paths ({@code stateFile},
 * {@code caFile}, {@code ${file:..}}) are anchored at the folder of the file they are written in.
 *
 * <p>Safety: the file is at most 1 MiB; YAML is composed to nodes, never to objects; explicit tags, alias bombs,
 * self-referencing aliases and deep nesting are rejected; secrets are accepted only as {@code ${env:NAME}} or
 * {@code ${file:path}} references, and environment variables are not required to be set at load time.
 */
public final class SpecLoader {
    private final Map<String, String> environment;
    private final boolean variablesRequired;

    /** A loader with an empty environment: connection fields as written, and every one a target needs present. */
    public SpecLoader() {
        this(Map.of(), true);
    }

    /**
     * @param environment       where {@code ${env:NAME}} connection fields and default variables are read
     * @param variablesRequired whether an unset variable is an error now (plan, apply, verify) or only noted
     *                          (validate, which must work where the variables are not mapped in)
     */
    public SpecLoader(Map<String, String> environment, boolean variablesRequired) {
        this.environment = Map.copyOf(environment);
        this.variablesRequired = variablesRequired;
    }

    /** Loads and checks the spec at {@code file}, following its profiles. */
    public Spec load(Path file) throws InvalidInputException {
        Diagnostics diagnostics = new Diagnostics();
        YamlSource src = source(file, diagnostics);
        byte[] bytes = SpecText.readFile(file, src);
        diagnostics.throwIfAny();
        return read(bytes, file, src);
    }

    /**
     * Loads spec text as if it had been read from {@code file} (which need not exist): relative paths and profile
     * files are looked up beside it. For tests and for specs piped on standard input.
     */
    public Spec load(String yaml, Path file) throws InvalidInputException {
        Diagnostics diagnostics = new Diagnostics();
        return read(yaml.getBytes(StandardCharsets.UTF_8), file, source(file, diagnostics));
    }

    /**
     * The guest checks and distro of one profile (a bundled name, or a path relative to the working folder), as a
     * spec that extends only it would get them: for a command that judges a guest without a spec.
     */
    public GuestSpec profileGuest(String profile) throws InvalidInputException {
        Diagnostics diagnostics = new Diagnostics();
        YamlSource src = new YamlSource("--profile", Path.of("").toAbsolutePath(), diagnostics);
        if (profile.isBlank() || profile.chars().anyMatch(Character::isISOControl)) {
            diagnostics.error(new SourceLocation("--profile", 0, 0), "--profile needs a profile name such as "
                    + "docker-desktop, or a path");
            diagnostics.throwIfAny();
        }
        String quoted = "\"" + profile.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        YamlMap owner = SpecText.root(("extends: " + quoted + "\n").getBytes(StandardCharsets.UTF_8), src,
                SpecKeys.PROFILE, "the profile option");
        diagnostics.throwIfAny();
        ProfileResolver.Result resolved = new ProfileResolver(diagnostics).resolve(owner, "--profile", "--profile");
        diagnostics.throwIfAny();
        return resolved.desired().resolve().guest();
    }

    private static YamlSource source(Path file, Diagnostics diagnostics) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        return new YamlSource(file.toString(), dir, diagnostics);
    }

    private Spec read(byte[] bytes, Path file, YamlSource src) throws InvalidInputException {
        Diagnostics diagnostics = src.diagnostics();
        YamlMap spec = SpecText.root(bytes, src, SpecKeys.SPEC, "the spec");
        if (spec == null) {
            diagnostics.throwIfAny();
        }
        ProfileResolver.Result profiles = new ProfileResolver(diagnostics)
                .resolve(spec, file.toAbsolutePath().normalize().toString(), file.toString());
        DesiredState outer = DesiredStateReader.read(spec.map("desired")).overlay(profiles.desired());
        List<TargetSpec> targets = new TargetReader(new EnvironmentValues(environment, variablesRequired)).read(spec, outer);
        diagnostics.throwIfAny();
        return new Spec(file, digest(bytes, profiles.contents()), profiles.names(), targets);
    }

    /** SHA-256 over the spec's bytes, then each profile's in fold order: any edit to any of them changes it. */
    static String digest(byte[] spec, List<byte[]> profiles) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(spec);
            for (byte[] p : profiles) {
                sha.update(p);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
