namespace GitJit.Gateway.Sql;

/// <summary>Which way COPY moves rows.</summary>
public enum CopyDirection
{
    /// <summary><c>COPY table FROM …</c>: writes the table.</summary>
    From,

    /// <summary><c>COPY table TO …</c> or <c>COPY (query) TO …</c>: reads.</summary>
    To,
}

/// <summary>Where COPY's rows come from or go.</summary>
public enum CopyEndpoint
{
    /// <summary>STDIN or STDOUT: the client, through the connection.</summary>
    Client,

    /// <summary>A file on the database server.</summary>
    ServerFile,

    /// <summary>A program the database server runs (<c>PROGRAM</c>).</summary>
    Program,
}

/// <summary>What a COPY statement does.</summary>
public sealed record CopyUse(CopyDirection Direction, CopyEndpoint Endpoint);
