import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Actor, type Role } from '../../../../libs/workflows/shared/actor';
import { AppConfig } from '../config';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** Turns a bearer token into an Actor: HS256 with AUTH_JWT_SECRET, or an issuer's JWKS. */
@Injectable()
export class AuthService {
  private readonly secret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(private readonly config: AppConfig) {
    this.secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : null;
    this.jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;
  }

  /**
   * Tokens already verified, until they expire: a client sends the same token with every request,
   * and verifying its signature each time costs more than the rest of a simple query.
   */
  private readonly verified = new Map<string, { actor: Actor; expiresAt: number }>();

  async authenticate(authorization: unknown): Promise<Actor> {
    if (typeof authorization !== 'string' || !/^Bearer\s+\S+$/i.test(authorization))
      throw unauthenticated('an Authorization: Bearer <JWT> header is required');
    const token = authorization.replace(/^Bearer\s+/i, '');
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.actor;
    const { actor, expiresAt } = await this.verify(token);
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, { actor, expiresAt });
    return actor;
  }

  private async verify(token: string): Promise<{ actor: Actor; expiresAt: number }> {
    let payload: Record<string, unknown>;
    try {
      if (this.secret) {
        payload = (
          await jwtVerify(token, this.secret, { algorithms: ['HS256'], requiredClaims: ['exp'] })
        ).payload;
      } else if (this.jwks) {
        payload = (
          await jwtVerify(token, this.jwks, {
            issuer: this.config.jwtIssuer ?? undefined,
            audience: this.config.jwtAudience ?? undefined,
            requiredClaims: ['exp'],
          })
        ).payload;
      } else throw new Error('no key configured');
    } catch {
      throw unauthenticated('the token is invalid or expired, or has no exp');
    }
    const { sub, role, unitId } = payload;
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('the token has no sub');
    if (typeof role !== 'string' || !ROLES.includes(role as Role))
      throw unauthenticated('the token has no known role');
    if (unitId !== undefined && unitId !== null && typeof unitId !== 'string')
      throw unauthenticated('unitId must be a string');
    const actor = { id: sub, role: role as Role, unitId: (unitId as string | undefined) ?? null };
    // Every token has an exp (a token without one would be good forever); re-verified each minute.
    return { actor, expiresAt: Math.min(Number(payload.exp) * 1000, Date.now() + 60_000) };
  }
}
