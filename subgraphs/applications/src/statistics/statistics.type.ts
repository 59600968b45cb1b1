import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Service } from '../service/service.type';

@ObjectType('ServiceStatistics', {
  description:
    'Open data (L-12): how one service of one provider performed in one Bishkek calendar month. Built from the application events; names no person.',
})
export class ServiceStatistics {
  @Field(() => Service)
  service!: Service;

  @Field(() => ID, { description: 'The provider that handled the applications (a service keeps its provider, so normally service.provider).' })
  providerId!: string;

  @Field({ description: 'YYYY-MM' })
  month!: string;

  @Field(() => Int, { description: 'Applications submitted in the month.' })
  received!: number;

  @Field(() => Int, { description: 'Applications registered at intake in the month (paid or free).' })
  accepted!: number;

  @Field(() => Int, { description: 'Applications rejected at intake in the month (R-39).' })
  rejectedAtIntake!: number;

  @Field(() => Int, { description: 'Applications approved in the month.' })
  approved!: number;

  @Field(() => Int, { description: 'Applications refused in the month.' })
  refused!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median working days from the day of receipt to the decision, days waiting for payment left out, for decisions in the month; null without decisions.',
  })
  medianWorkingDays!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of the same (linear interpolation); null without decisions.' })
  p90WorkingDays!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share (0..1) of the applications concluded in the month (rejected at intake, approved, refused) that missed the intake or the decision deadline; null when none concluded.',
  })
  overdueShare!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean score of the ratings given in the month; null with fewer than 3 ratings, so no score can be traced to its author.' })
  averageRating!: number | null;
}
