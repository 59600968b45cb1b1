import { startPlatform } from '@portal/platform';

/**
 * The platform in a process of its own on free ports (push.ts spawns it), so a benchmark can run
 * beside a development platform on the documented ports. Prints `PLATFORM_READY {"gatewayUrl":...}`.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const platform = await startPlatform({ databaseUrl, env: { ...process.env }, seed: true, ports: {} });
  console.log(`PLATFORM_READY ${JSON.stringify({ gatewayUrl: platform.gatewayUrl })}`);
  process.on('SIGTERM', () =>
    void platform.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('closing the platform failed', error);
        process.exit(1);
      },
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
