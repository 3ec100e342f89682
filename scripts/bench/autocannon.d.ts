// The few parts of autocannon's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  type Histogram = { average: number; p50: number; p99: number };
  type Result = { requests: Histogram; latency: Histogram; non2xx: number };
  type Instance = {
    on(
      event: "response",
      listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
    ): Instance;
  };
  function autocannon(
    options: { url: string; connections: number; duration: number; headers?: Record<string, string> },
    callback: (error: Error | null, result: Result) => void,
  ): Instance;
  export default autocannon;
}
