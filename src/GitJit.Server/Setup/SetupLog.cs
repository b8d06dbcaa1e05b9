namespace GitJit.Server.Setup;

/// <summary>Log messages of setup mode and <c>/setup</c> (events 1100–1109); never a secret, nor the manifest code.</summary>
internal static partial class SetupLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "No GitHub App is configured (GitJit:GitHub:AppId, or {File}): GitJit is in setup mode. Open {SetupUrl}?token=<the one-time token in {TokenFile}> from an allowed address ({Allowed}, GitJit:Setup:AllowedAddresses) to create the App; everything else answers 503")]
    public static partial void SetupMode(ILogger logger, string file, string setupUrl, string tokenFile, string allowed);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Running as the GitHub App {AppId} ({Slug}) that /setup stored in {File}")]
    public static partial void StoredAppLoaded(ILogger logger, long appId, string slug, string file);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Refused {Path} to {Address}: no valid setup token, as ?token= or this browser's cookie (answered 404)")]
    public static partial void TokenRefused(ILogger logger, string path, string? address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Refused {Path} to {Address}: not in GitJit:Setup:AllowedAddresses (answered 404)")]
    public static partial void AddressRefused(ILogger logger, string path, string? address);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Refused a return from GitHub to /setup/done from {Address}: {Why}; nothing was stored")]
    public static partial void ReturnRefused(ILogger logger, string? address, string why);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "GitHub did not give the new App's credentials for the manifest code: {Why}; nothing was stored")]
    public static partial void ConversionFailed(ILogger logger, string why);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Created the GitHub App {AppId} ({Slug}, owned by {Owner}) and stored its credentials in {Directory}; GitJit starts again as the App")]
    public static partial void AppStored(ILogger logger, long appId, string slug, string owner, string directory);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "Could not store the GitHub App {AppId} ({Slug}) in {Directory}: {Why}. It exists on GitHub: delete it there (or store its credentials by hand) and set up again")]
    public static partial void AppNotStored(ILogger logger, long appId, string slug, string directory, string why);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Sent {Address} to GitHub to create the App {Name} for {Account}")]
    public static partial void ManifestSent(ILogger logger, string? address, string name, string account);
}
