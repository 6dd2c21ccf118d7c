package dev.provision.vsphere;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;

/**
 * yavijava logs through log4j 1 (reload4j here). Its WSClient logs every SOAP fault — expected ones such as
 * NotAuthenticated after a session expired, too — at ERROR with a long stack trace; we translate and report
 * faults ourselves, so that logger is switched off. The rest of yavijava logs warnings only, to stderr,
 * and log4j's "no appenders" notice is avoided by giving the com.vmware loggers their own appender.
 */
final class YavijavaLogging {
    private static volatile boolean configured;

    private YavijavaLogging() {}

    static void quietExpectedFaults() {
        if (configured) {
            return;
        }
        synchronized (YavijavaLogging.class) {
            if (configured) {
                return;
            }
            Logger vmware = Logger.getLogger("com.vmware");
            vmware.setLevel(Level.WARN);
            vmware.setAdditivity(false);
            ConsoleAppender stderr = new ConsoleAppender(new PatternLayout("yavijava %p %c{1}: %m%n"), ConsoleAppender.SYSTEM_ERR);
            vmware.addAppender(stderr);
            Logger.getLogger("com.vmware.vim25.ws.WSClient").setLevel(Level.OFF);
            configured = true;
        }
    }
}
