/** The example stack's managed function: answers every invocation with HTTP 200. */
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({
  statusCode: 200,
  body: JSON.stringify({ ok: true }),
});
