using GitJit.Server;

await GitJitApp.RunAsync(args).ConfigureAwait(false);
