using System.Text.RegularExpressions;
using GitJit.Cli;

// The schemas hold more patterns than Regex's default cache of 15, and NJsonSchema matches through that cache.
Regex.CacheSize = 64;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await GitJitCli.RunAsync(args, CliConsole.Standard, cancellation.Token).ConfigureAwait(false);
