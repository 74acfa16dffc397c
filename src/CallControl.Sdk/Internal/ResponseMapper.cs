namespace CallControl.Sdk.Internal; internal static class ResponseMapper {} 
