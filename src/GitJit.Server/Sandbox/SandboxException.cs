namespace GitJit.Server.Sandbox;

/// <summary>The sandbox could not start, for a reason its user can act on (a port in use, say).</summary>
internal sealed class SandboxException(string message) : InvalidOperationException(message);
