using GitJit.Server;

var app = GitJitApp.Build(args);
await app.RunAsync().ConfigureAwait(false);
