package io.flashcheckout.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium and its driver ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them),
 * named explicitly so that Selenium Manager never downloads a browser or a driver. Without them the browser tests
 * fail on CI ({@code CI=true}) and are skipped, with the reason, elsewhere.
 */
final class HeadlessChromium {
    static final Path BROWSER = Path.of(System.getProperty("flash-checkout.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("flash-checkout.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    /** Fails (CI) or skips (elsewhere) the calling test class when the browser or its driver is not installed. */
    static void requireInstalled() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String why = "headless Chromium is needed for the browser tests: " + BROWSER + " and " + DRIVER
                    + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            // surefire counts a class aborted in @BeforeAll as nothing run: say why on the build's output
            System.err.println("OperatorPagesBrowserTest SKIPPED: " + why + "; skipped outside CI (CI=true fails instead)");
            Assumptions.abort(why + "; skipped outside CI");
        }
    }

    static ChromeDriver start() {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
