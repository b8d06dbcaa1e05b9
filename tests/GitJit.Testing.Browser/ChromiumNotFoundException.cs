namespace GitJit.Testing.Browser;

/// <summary>Chromium is not installed where the tests look for it; the message says how to install it.</summary>
public sealed class ChromiumNotFoundException : FileNotFoundException
{
    public ChromiumNotFoundException()
    {
    }

    public ChromiumNotFoundException(string message)
        : base(message)
    {
    }

    public ChromiumNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    private ChromiumNotFoundException(string message, string executable)
        : base(message, executable)
    {
    }

    public static ChromiumNotFoundException At(string executable) =>
        new(
            $"No Chromium at {executable}. The browser tests need Debian's package: apt-get install chromium "
            + $"(or set {Chromium.ExecutableVariable} to a Chromium binary). Playwright's own browser download does not work here.",
            executable);
}
