package dev.provision.cli;

import dev.provision.boot.Providers;
import dev.provision.engine.ProviderRegistry;
import dev.provision.local.LocalProbe;
import dev.provision.provider.DesktopProbe;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What the commands need from the outside world, passed in so tests can run every command in-process with
 * {@code CommandLine.execute(...)}: the environment, how to ask for approval, and which providers to use.
 *
 * @param approver  asks the user a yes/no question; null when there is nobody to ask (no terminal)
 * @param providers the provider registry for a spec in the given folder
 * @param stdin     standard input, for a command told to read '-'
 * @param desktop   the probe run on this machine, for {@code probe --local}
 */
public record Context(Map<String, String> env, Approver approver, Function<Path, ProviderRegistry> providers,
                      InputStream stdin, DesktopProbe desktop) {
    /** A context that probes this machine with powershell.exe, where it is Windows. */
    public Context(Map<String, String> env, Approver approver, Function<Path, ProviderRegistry> providers,
                   InputStream stdin) {
        this(env, approver, providers, stdin, new LocalProbe(env, System.getProperty("os.name")));
    }

    /** A context whose standard input is the process's own. */
    public Context(Map<String, String> env, Approver approver, Function<Path, ProviderRegistry> providers) {
        this(env, approver, providers, System.in);
    }

    /** Asks for approval; returns true only for an explicit yes. */
    @FunctionalInterface
    public interface Approver {
        boolean approve(String question);
    }

    public static Context system() {
        Approver console = System.console() == null ? null : question -> {
            String answer = System.console().readLine("%s", question);
            return answer != null && answer.trim().equals("yes");
        };
        Map<String, String> env = System.getenv();
        return new Context(env, console, dir -> Providers.standard(dir, env));
    }
}
