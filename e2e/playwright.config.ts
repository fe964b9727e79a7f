import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './chromium';

const port = Number(process.env.HEADSHOT_HARNESS_PORT ?? 4319);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 30_000,
  reporter: [['list']],
  webServer: {
    command: `npx tsx e2e/harness/serve.ts --port ${port}`,
    cwd: '..',
    url: `${baseURL}/__headshot/health`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 60_000,
  },
  projects: [
    {
      name: 'harness',
      testMatch: /(shell|flow|laptop|people|run-control|prepare)\.spec\.ts$/,
      use: {
        baseURL,
        browserName: 'chromium',
        launchOptions: { executablePath: findChromium(), args: chromiumArgs() },
        screenshot: 'only-on-failure',
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
