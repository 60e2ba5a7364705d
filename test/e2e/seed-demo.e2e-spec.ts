import { SignJWT } from 'jose';
it('jose loads', async () => {
  const t = await new SignJWT({ role: 'X' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('s'));
  expect(t.split('.').length).toBe(3);
});
