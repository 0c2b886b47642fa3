import { Injectable } from '@nestjs/common';

/**
 * The time the service's schedules reason with (what is due, what has expired). Injected, so a test
 * sets the time instead of waiting: `app.get(Clock).now = () => later`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
