package dev.provision.spec;

import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One YAML file being read — the spec or a profile — and where its problems go. Positions are reported 1-based,
 * against the name the user knows the file by.
 *
 * @param displayName how messages name the file (the path as the user gave it, or {@code bundled:profiles/x.yaml})
 * @param baseDir     the folder relative paths in this file are anchored at; null for a bundled profile
 */
record YamlSource(String displayName, Path baseDir, Diagnostics diagnostics) {

    SourceLocation at(Node node) {
        return at(node.getStartMark());
    }

    SourceLocation at(Mark mark) {
        return mark == null ? new SourceLocation(displayName, 1, 1)
                : new SourceLocation(displayName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void error(Node node, String message) {
        diagnostics.error(at(node), message);
    }

    void error(Mark mark, String message) {
        diagnostics.error(at(mark), message);
    }

    /** A path written in this file, anchored at the file's folder when relative. */
    Path resolve(String written) {
        Path p = Path.of(written);
        if (p.isAbsolute() || baseDir == null) {
            return p.normalize();
        }
        return baseDir.resolve(p).normalize();
    }

    /** How to name, in messages, a file this one refers to by a relative path. */
    String displayOf(String written) {
        Path p = Path.of(written);
        if (p.isAbsolute()) {
            return p.normalize().toString();
        }
        Path parent = Path.of(displayName).getParent();
        return (parent == null ? p : parent.resolve(p)).normalize().toString();
    }
}
