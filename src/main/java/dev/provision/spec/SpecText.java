package dev.provision.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reading a spec or profile file from disk into a checked top-level mapping, with the file-level limits. */
final class SpecText {
    /** Larger than any honest spec by orders of magnitude; checked before parsing so nothing big is read. */
    static final long MAX_BYTES = 1024 * 1024;

    private SpecText() {
    }

    /** The file's bytes, or null after reporting why they cannot be had. */
    static byte[] readFile(Path file, YamlSource src) {
        SourceLocation top = new SourceLocation(src.displayName(), 1, 1);
        try {
            if (Files.isDirectory(file)) {
                src.diagnostics().error(top, "is a folder, not a file; give the spec's YAML file");
                return null;
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                tooLarge(size, top, src);
                return null;
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            src.diagnostics().error(top, "file not found; check the path");
        } catch (IOException e) {
            src.diagnostics().error(top, "cannot read the file (" + (e.getMessage() == null ? "I/O error"
                    : e.getMessage()) + ")");
        }
        return null;
    }

    /** Decodes, parses and opens the top-level mapping against {@code table}; null after reporting why not. */
    static YamlMap root(byte[] bytes, YamlSource src, KeyTable table, String what) {
        SourceLocation top = new SourceLocation(src.displayName(), 1, 1);
        if (bytes.length > MAX_BYTES) { // text handed over directly never went through readFile
            tooLarge(bytes.length, top, src);
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            src.diagnostics().error(top, "the file is not UTF-8 text; save it as UTF-8");
            return null;
        }
        int before = src.diagnostics().count();
        Node root = SafeYaml.parse(text, src);
        if (root == null) {
            if (src.diagnostics().count() == before) {
                src.diagnostics().error(top, what + " is empty; write "
                        + (table == SpecKeys.SPEC ? "at least targets:" : "a desired: block"));
            }
            return null;
        }
        if (!(root instanceof MappingNode)) {
            src.error(root, what + " must be a mapping of keys (" + String.join(", ", table.names())
                    + "), not " + YamlMap.describe(root));
            return null;
        }
        return YamlMap.of(root, table, src, what);
    }

    private static void tooLarge(long size, SourceLocation top, YamlSource src) {
        src.diagnostics().error(top, "file too large (" + size + " bytes); a spec or profile may be at most "
                + MAX_BYTES + " bytes (1 MiB)");
    }
}
