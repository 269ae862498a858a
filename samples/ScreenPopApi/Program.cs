using CallCrm.Connectors.Samples.ScreenPopApi;

// dotnet run --project samples/ScreenPopApi [-- --port 5090 --simulator-url http://127.0.0.1:5080/]
// Then open http://127.0.0.1:5090/ (the agent panel). Without --simulator-url a VendorSimulator starts in-process.
await using var host = await ScreenPopApiHost.StartAsync(ScreenPopApiSettings.Parse(args));
Console.WriteLine($"Screen-pop API and agent panel on {host.BaseAddress} (HubSpot: {(host.Simulator?.BaseAddress.ToString() ?? "external simulator")})");
await host.WaitForShutdownAsync();
