using GitJit.Server;
using GitJit.Server.Sandbox;

if (args is ["sandbox", .. var sandbox]) return await SandboxCommand.RunAsync(sandbox).ConfigureAwait(false);

var app = GitJitApp.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
