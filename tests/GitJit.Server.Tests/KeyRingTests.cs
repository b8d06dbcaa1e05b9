using GitJit.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>What signs sign-in cookies, OAuth state and forms outlives the process: a restart signs no one out, and another instance honours them.</summary>
public sealed class KeyRingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhatOneServerProtected_TheNextOneReads(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        var settings = world.Settings(storage);

        string protectedText;
        await using (var first = await ServerUnderTest.StartAsync(settings))
        {
            protectedText = Protector(first).Protect("signed in as alice");
        }
        if (storage is null)
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(world.DataDirectory, "keys")));
        }
        else
        {
            await using var database = Npgsql.NpgsqlDataSource.Create(storage);
            await using var count = database.CreateCommand("select count(*) from gitjit_data_protection_keys");
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
        }

        await using var second = await ServerUnderTest.StartAsync(settings);
        Assert.Equal("signed in as alice", Protector(second).Unprotect(protectedText));
    }

    private static IDataProtector Protector(ServerUnderTest server) =>
        server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("GitJit.Server.Tests");
}
