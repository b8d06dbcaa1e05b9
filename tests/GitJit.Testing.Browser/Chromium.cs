using Microsoft.Playwright;

namespace GitJit.Testing.Browser;

/// <summary>
/// A headless Chromium driven by Playwright: Debian's <c>chromium</c> package (or <see cref="ExecutableVariable"/>), since
/// Playwright's own browser download cannot work offline. Open a context per test: each is a fresh cookie jar, so a
/// different signed-in user.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>The environment variable naming the Chromium binary; unset, <see cref="DefaultExecutable"/>.</summary>
    public const string ExecutableVariable = "GITJIT_CHROMIUM";

    public const string DefaultExecutable = "/usr/bin/chromium";

    /// <summary>
    /// Headless on loopback: no sandbox (tests run as root), no GPU, and none of Chromium's own traffic (QUIC, component
    /// updates, sync, background networking), which otherwise keeps knocking at a closed network.
    /// </summary>
    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Starts Playwright's driver and Chromium; fails with what to install when Chromium is missing.</summary>
    /// <exception cref="ChromiumNotFoundException">No Chromium at <see cref="ExecutableVariable"/> or <see cref="DefaultExecutable"/>.</exception>
    public static async Task<Chromium> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable)) throw ChromiumNotFoundException.At(executable);

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
            }).ConfigureAwait(false);
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new browser context: its own cookies and storage, closed with the browser if not before.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) => Browser.NewContextAsync(options);

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().ConfigureAwait(false);
        playwright.Dispose();
    }
}
