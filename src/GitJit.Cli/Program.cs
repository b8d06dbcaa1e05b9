using GitJit.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await GitJitCli.RunAsync(args, CliConsole.Standard, cancellation.Token).ConfigureAwait(false);
