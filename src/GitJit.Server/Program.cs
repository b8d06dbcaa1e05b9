using GitJit.Server;
using GitJit.Server.Sandbox;

if (args is ["sandbox", .. var sandbox]) return await SandboxCommand.RunAsync(sandbox).ConfigureAwait(false);

await GitJitApp.RunAsync(args).ConfigureAwait(false);
return 0;
