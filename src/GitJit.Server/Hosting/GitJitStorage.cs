namespace GitJit.Server.Hosting;

/// <summary>Where jobs and delivery ids are kept.</summary>
public enum GitJitStorage
{
    /// <summary>In memory, for one machine: a restart forgets queued work.</summary>
    InMemory,

    /// <summary>In PostgreSQL (<c>ConnectionStrings:GitJit</c>), shared by every instance.</summary>
    PostgreSql,
}
