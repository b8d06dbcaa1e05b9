using System.CommandLine;
using GitJit.Benchmarks;

var root = new RootCommand("GitJit benchmark tools.")
{
    GenerateCommand.Create(Console.Out, Console.Error),
    WebhookIntakeCommand.Create(),
    EvaluateCommand.Create(),
    GrantsCommand.Create(),
    LoadCommand.Create(),
    KillNineCommand.Create(),
    ClassifyCommand.Create(),
    ParserStackCommand.Create(),
    ParserStackCommand.CreateProbe(),
    GatewayBenchCommand.Create(),
    GatewayBenchCommand.CreateServe(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var problem in parse.Errors)
    {
        Console.Error.WriteLine(problem.Message);
    }
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
