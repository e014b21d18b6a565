/** A problem the person at the keyboard can fix; printed as one line, never with a stack. */
export class CourseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CourseError';
  }
}
