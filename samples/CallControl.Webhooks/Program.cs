using CallControl.Webhooks;

// dotnet run --project samples/CallControl.Webhooks -- --Webex:WebhookSecret=<the webhook's secret> --urls=http://localhost:5080
await WebhooksApp.Build(args).RunAsync();
